package dev.poofbg.billing.credits;

import dev.poofbg.common.billing.LedgerPage;

import java.util.Locale;

/** A ledger entry as the admin API and the dashboard show it. */
final class LedgerView {

    private LedgerView() {
    }

    static LedgerPage.Entry entry(LedgerEntry e) {
        return new LedgerPage.Entry(e.id, e.kind.name().toLowerCase(Locale.ROOT), e.bucket.name().toLowerCase(Locale.ROOT),
                e.amount, e.monthlyAfter, e.prepaidAfter, e.jobId, e.reference, e.note, e.createdAt);
    }
}
