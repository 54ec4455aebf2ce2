-- People who sign in to the dashboard. Each belongs to one account; e-mail addresses are unique whatever their case.
-- Only a hash of the password is kept (argon2id, PHC string format).
create table users (
    id                   varchar(40)  primary key,
    account_id           varchar(40)  not null references accounts (id),
    email                varchar(320) not null,
    password_hash        varchar(255) not null,
    operator             boolean      not null default false,
    created_at           timestamptz  not null,
    password_changed_at  timestamptz  not null
);
create unique index users_email_idx on users (lower(email));
create index users_account_idx on users (account_id);

-- An operator may suspend an account: its keys are refused and its users' dashboard sessions end.
alter table accounts add column suspended_at timestamptz;
create index accounts_email_idx on accounts (lower(email));

-- When the gateway last accepted a key, reported in batches (never a write per request).
alter table api_keys add column last_used_at timestamptz;
