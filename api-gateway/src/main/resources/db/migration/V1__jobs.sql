-- One row per accepted job. Status only moves forward (pending -> processing -> completed|failed);
-- the gateway's conditional UPDATE enforces that, the CHECKs keep the values honest.
create table jobs (
    id            varchar(64)  primary key,
    account_id    varchar(40)  not null,
    status        varchar(16)  not null check (status in ('pending', 'processing', 'completed', 'failed')),
    error         text,
    source        varchar(8)   not null check (source in ('upload', 'url')),
    input_key     varchar(200),
    image_url     text,
    result_key    varchar(200),
    credits_used  integer      not null check (credits_used in (0, 1)),
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null,
    completed_at  timestamptz
);

-- GET /v1/jobs: an account's jobs, newest first.
create index jobs_account_created_idx on jobs (account_id, created_at desc, id desc);
