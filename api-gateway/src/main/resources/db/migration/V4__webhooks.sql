-- Webhooks (docs/webhooks.md). Signing secrets are stored encrypted (AES-GCM under poof.webhooks.encryption-key):
-- they must be read back to sign, so they cannot be hashed.
create table webhook_endpoints (
    id                          varchar(40)  primary key,
    account_id                  varchar(40)  not null,
    url                         text         not null,
    events                      text[]       not null,
    secret                      text         not null,
    -- During a rotation the previous secret signs too, until it expires.
    previous_secret             text,
    previous_secret_expires_at  timestamptz,
    created_at                  timestamptz  not null,
    disabled_at                 timestamptz,
    disabled_reason             text
);
create index webhook_endpoints_account_idx on webhook_endpoints (account_id, created_at);

-- The secret that signs deliveries to a request's own webhook_url: one per account.
create table webhook_request_secrets (
    account_id                  varchar(40)  primary key,
    secret                      text         not null,
    previous_secret             text,
    previous_secret_expires_at  timestamptz,
    created_at                  timestamptz  not null
);

-- A request may name its own webhook_url.
alter table jobs add column webhook_url text;

-- The outbox: one row per message (an event of a job for one target), written in the same statement that moves
-- the job to its terminal status. Any replica may send it, after claiming it with a lease.
create table webhook_deliveries (
    id               varchar(40)  primary key,  -- the webhook-id header, the same on every attempt
    account_id       varchar(40)  not null,
    job_id           varchar(64)  not null references jobs (id) on delete cascade,
    endpoint_id      varchar(40)  references webhook_endpoints (id) on delete cascade,  -- null: the job's webhook_url
    url              text         not null,
    event_type       varchar(20)  not null check (event_type in ('job.completed', 'job.failed')),
    state            varchar(12)  not null check (state in ('pending', 'delivered', 'failed', 'cancelled')),
    attempts         integer      not null default 0,
    next_attempt_at  timestamptz  not null,
    leased_until     timestamptz,
    created_at       timestamptz  not null,
    finished_at      timestamptz
);
create unique index webhook_deliveries_job_endpoint_idx on webhook_deliveries (job_id, endpoint_id);
create unique index webhook_deliveries_job_own_url_idx on webhook_deliveries (job_id) where endpoint_id is null;
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where state = 'pending';
create index webhook_deliveries_finished_idx on webhook_deliveries (finished_at) where state <> 'pending';

-- Every attempt; the last poof.webhooks.attempts-kept per endpoint are kept.
create table webhook_attempts (
    id            bigserial    primary key,
    delivery_id   varchar(40)  not null references webhook_deliveries (id) on delete cascade,
    endpoint_id   varchar(40)  references webhook_endpoints (id) on delete cascade,
    attempt       integer      not null,
    attempted_at  timestamptz  not null,
    status_code   integer,
    latency_ms    integer      not null,
    error         text
);
create index webhook_attempts_endpoint_idx on webhook_attempts (endpoint_id, id desc);
create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id);
