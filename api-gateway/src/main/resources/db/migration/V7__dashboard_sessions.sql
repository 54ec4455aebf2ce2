-- Dashboard sign-ins. The cookie carries a random token; only its SHA-256 is stored, so a copy of this table opens
-- no session. A row is the session: deleting it (sign-out, password change, suspension) ends it at once.
create table dashboard_sessions (
    token_hash    char(64)     primary key,
    user_id       varchar(40)  not null,
    account_id    varchar(40)  not null,
    csrf_token    varchar(64)  not null,
    created_at    timestamptz  not null,
    last_seen_at  timestamptz  not null,
    expires_at    timestamptz  not null
);
create index dashboard_sessions_user_idx on dashboard_sessions (user_id);
create index dashboard_sessions_account_idx on dashboard_sessions (account_id);
create index dashboard_sessions_expiry_idx on dashboard_sessions (expires_at);
