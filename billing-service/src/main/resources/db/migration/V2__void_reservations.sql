-- A release that arrives before its reservation (the gateway gave up on a slow reservation call)
-- leaves a VOID row under the job id, so the late reservation can no longer take a credit.
alter table reservations alter column account_id drop not null;
alter table reservations alter column bucket drop not null;
alter table reservations add constraint reservations_void_check
    check ((state = 'VOID') = (account_id is null) and (state = 'VOID') = (bucket is null));
