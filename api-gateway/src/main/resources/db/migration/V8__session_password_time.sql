-- The password change time billing reported when the session was opened: a session is stale once billing reports
-- another (compared on billing's own clock, never against the gateway's).
alter table dashboard_sessions add column password_changed_at timestamptz;
