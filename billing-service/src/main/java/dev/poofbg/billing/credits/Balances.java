package dev.poofbg.billing.credits;

import dev.poofbg.billing.accounts.Account;
import dev.poofbg.billing.plans.Plan;
import dev.poofbg.common.billing.AccountSummary;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The credit arithmetic, free of I/O: every method changes an {@link Account} in memory and returns
 * the ledger entries that explain the change. Callers hold the account's row lock and persist both
 * in one transaction.
 *
 * <p>Monthly periods are calendar months in UTC: every Lite and Pro account renews at 00:00 UTC on
 * the first of the month, whatever day it was created.
 */
public final class Balances {

    private Balances() {
    }

    /** A credit taken for a job: where it came from and its ledger entry. */
    public record Charge(Bucket bucket, int periodId, LedgerEntry entry) {
    }

    public static boolean renewalDue(Account account, Instant now) {
        return account.plan.renewsMonthly() && (account.periodEnd == null || !now.isBefore(account.periodEnd));
    }

    /** Starts the current period if the account's has ended: leftovers expire, the quota is granted anew. */
    public static List<LedgerEntry> renewIfDue(Account account, Instant now) {
        List<LedgerEntry> entries = new ArrayList<>();
        if (renewalDue(account, now)) {
            expireMonthly(account, now, "period ended", entries);
            startPeriod(account, now, entries);
            account.updatedAt = now;
        }
        return entries;
    }

    /**
     * Puts the account on {@code plan}: a new account (no plan yet) or a plan change. The monthly allowance of the
     * old plan ends and the new plan's starts now; prepaid credits stay; Free's one-time credits are
     * granted once per account.
     */
    public static List<LedgerEntry> applyPlan(Account account, Plan plan, Instant now) {
        List<LedgerEntry> entries = new ArrayList<>();
        if (plan == account.plan) {
            return entries;
        }
        expireMonthly(account, now, "plan changed to " + plan.id(), entries);
        account.plan = plan;
        if (plan.renewsMonthly()) {
            startPeriod(account, now, entries);
        } else {
            account.periodId++;
            account.periodStart = null;
            account.periodEnd = null;
        }
        if (plan.oneTimeGrant() > 0 && !account.freeGrantDone) {
            account.freeGrantDone = true;
            account.prepaidBalance += plan.oneTimeGrant();
            entries.add(LedgerEntry.of(account, LedgerKind.GRANT, Bucket.PREPAID, plan.oneTimeGrant(), null,
                    "one-time credits of the " + plan.id() + " plan", now));
        }
        account.updatedAt = now;
        return entries;
    }

    /** Takes one credit, monthly allowance first; empty when the account has none left. */
    public static Optional<Charge> charge(Account account, String jobId, Instant now) {
        Bucket bucket;
        if (account.plan.unlimited()) {
            bucket = Bucket.UNLIMITED;
        } else if (account.monthlyRemaining > 0) {
            account.monthlyRemaining--;
            bucket = Bucket.MONTHLY;
        } else if (account.prepaidBalance > 0) {
            account.prepaidBalance--;
            bucket = Bucket.PREPAID;
        } else {
            return Optional.empty();
        }
        account.updatedAt = now;
        return Optional.of(new Charge(bucket, account.periodId,
                LedgerEntry.of(account, LedgerKind.RESERVE, bucket, -1, jobId, null, now)));
    }

    /**
     * Gives a reserved credit back to the bucket it came from. A monthly credit whose period has
     * since ended had expired with it, so nothing returns (the entry records that, amount 0).
     */
    public static LedgerEntry refund(Account account, CreditReservation reservation, Instant now) {
        long amount = 1;
        String note = null;
        switch (reservation.bucket) {
            case MONTHLY -> {
                if (reservation.periodId == account.periodId) {
                    account.monthlyRemaining++;
                } else {
                    amount = 0;
                    note = "monthly credit expired with its period";
                }
            }
            case PREPAID -> account.prepaidBalance++;
            case UNLIMITED -> note = "usage reversed";
        }
        account.updatedAt = now;
        return LedgerEntry.of(account, LedgerKind.REFUND, reservation.bucket, amount, reservation.jobId, note, now);
    }

    public static LedgerEntry purchase(Account account, long credits, String reference, Instant now) {
        account.prepaidBalance = Math.addExact(account.prepaidBalance, credits);
        account.updatedAt = now;
        LedgerEntry entry = LedgerEntry.of(account, LedgerKind.PURCHASE, Bucket.PREPAID, credits, null, null, now);
        entry.reference = reference;
        return entry;
    }

    /** What {@code credits_remaining} shows: monthly plus prepaid, or {@link AccountSummary#UNLIMITED}. */
    public static long creditsRemaining(Account account) {
        return account.plan.unlimited() ? AccountSummary.UNLIMITED : account.monthlyRemaining + account.prepaidBalance;
    }

    /** What {@code credits_monthly_quota} shows: the plan's monthly allowance, or {@link AccountSummary#UNLIMITED}. */
    public static long monthlyQuota(Plan plan) {
        return plan.unlimited() ? AccountSummary.UNLIMITED : plan.monthlyQuota();
    }

    public static AccountSummary summary(Account account) {
        return new AccountSummary(account.plan.id(), creditsRemaining(account), monthlyQuota(account.plan),
                new AccountSummary.RateLimit(account.plan.requestsPerMinute()));
    }

    private static void expireMonthly(Account account, Instant now, String why, List<LedgerEntry> entries) {
        if (account.monthlyRemaining > 0) {
            int leftover = account.monthlyRemaining;
            account.monthlyRemaining = 0;
            entries.add(LedgerEntry.of(account, LedgerKind.EXPIRY, Bucket.MONTHLY, -leftover, null, why, now));
        }
    }

    private static void startPeriod(Account account, Instant now, List<LedgerEntry> entries) {
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        account.periodId++;
        account.periodStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        account.periodEnd = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        account.monthlyRemaining = account.plan.monthlyQuota();
        entries.add(LedgerEntry.of(account, LedgerKind.RENEWAL, Bucket.MONTHLY, account.monthlyRemaining, null,
                "period " + month, now));
    }
}
