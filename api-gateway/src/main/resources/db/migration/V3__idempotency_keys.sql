-- Idempotency-Key on POST /v1/remove-background: one row per account and key. The job id is chosen before the
-- credit is reserved and recorded here first, so a retry after a crash finds the job (or its reservation).
create table idempotency_keys (
    account_id   varchar(40)  not null,
    key          varchar(255) not null,
    fingerprint  char(64)     not null,
    job_id       varchar(64)  not null,
    state        varchar(12)  not null check (state in ('accepting', 'accepted')),
    created_at   timestamptz  not null,
    primary key (account_id, key)
);

-- Retention: keys older than poof.idempotency.retention are deleted by the reconciler's sweep.
create index idempotency_keys_created_idx on idempotency_keys (created_at);
