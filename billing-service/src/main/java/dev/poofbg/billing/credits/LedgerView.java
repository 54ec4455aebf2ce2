package dev.poofbg.billing.credits;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A page of an account's ledger, newest first. */
public record LedgerView(List<Entry> data, int limit, int offset, long total) {

    public record Entry(long id, String kind, String bucket, long amount, int monthlyCreditsAfter,
                        long prepaidCreditsAfter, String jobId, String reference, String note, Instant createdAt) {

        static Entry of(LedgerEntry e) {
            return new Entry(e.id, e.kind.name().toLowerCase(Locale.ROOT), e.bucket.name().toLowerCase(Locale.ROOT),
                    e.amount, e.monthlyAfter, e.prepaidAfter, e.jobId, e.reference, e.note, e.createdAt);
        }
    }
}
