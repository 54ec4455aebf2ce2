-- Why a failed job failed (FailureReason: input, internal, given_up, deadline): the remove.bg-compatible endpoint
-- answers a customer's bad input differently from a fault of ours. Null for jobs that did not fail.
alter table jobs add column failure_reason text;
