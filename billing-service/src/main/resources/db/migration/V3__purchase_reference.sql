-- An operator's reference for a purchase (an invoice or payment id): repeating a purchase with the
-- same reference adds nothing, so a retried call cannot credit twice.
alter table ledger_entries add column reference varchar(100);
create unique index ledger_entries_reference_idx on ledger_entries (account_id, reference) where reference is not null;
