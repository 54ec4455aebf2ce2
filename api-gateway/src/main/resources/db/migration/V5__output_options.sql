-- Output options (docs/api.md, "Output options"): what the request asked for, defaults included, and what the job
-- produced once completed; both as the JSON the API shows.
alter table jobs add column options text;
alter table jobs add column result text;
