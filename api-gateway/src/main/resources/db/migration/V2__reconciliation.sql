-- How often a job was published to jobs.requested: once at submission, once more per reconciliation.
alter table jobs add column dispatch_count integer not null default 1;

-- The reconciler's sweep: unfinished jobs by their last change.
create index jobs_unfinished_idx on jobs (updated_at) where status in ('pending', 'processing');
