package dev.poofbg.billing.credits;

import dev.poofbg.billing.accounts.Account;
import dev.poofbg.billing.plans.Plan;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BalancesTest {

    private static final Instant MID_MARCH = Instant.parse("2026-03-18T12:00:00Z");
    private static final Instant APRIL_FIRST = Instant.parse("2026-04-01T00:00:00Z");

    private final List<LedgerEntry> ledger = new ArrayList<>();

    private Account newAccount(Plan plan, Instant at) {
        Account account = new Account();
        account.id = "acct_test";
        ledger.addAll(Balances.applyPlan(account, plan, at));
        return account;
    }

    private CreditReservation reserve(Account account, String jobId, Instant at) {
        Balances.Charge charge = Balances.charge(account, jobId, at).orElseThrow();
        ledger.add(charge.entry());
        CreditReservation reservation = new CreditReservation();
        reservation.jobId = jobId;
        reservation.accountId = account.id;
        reservation.bucket = charge.bucket();
        reservation.periodId = charge.periodId();
        return reservation;
    }

    private long sum(Bucket bucket) {
        return ledger.stream().filter(e -> e.bucket == bucket).mapToLong(e -> e.amount).sum();
    }

    @Test
    void freeGetsThreeOneTimeCreditsOnlyOnce() {
        Account account = newAccount(Plan.FREE, MID_MARCH);
        assertThat(Balances.creditsRemaining(account)).isEqualTo(3);
        assertThat(Balances.monthlyQuota(account.plan)).isZero();

        ledger.addAll(Balances.applyPlan(account, Plan.PAYG, MID_MARCH));
        ledger.addAll(Balances.applyPlan(account, Plan.FREE, MID_MARCH));
        assertThat(account.prepaidBalance).isEqualTo(3);
        assertThat(ledger).filteredOn(e -> e.kind == LedgerKind.GRANT).hasSize(1);
    }

    @Test
    void monthlyAllowanceIsSpentBeforePrepaidCredits() {
        Account account = newAccount(Plan.LITE, MID_MARCH);
        ledger.add(Balances.purchase(account, 2, null, MID_MARCH));
        for (int i = 0; i < 100; i++) {
            assertThat(reserve(account, "job_" + i, MID_MARCH).bucket).isEqualTo(Bucket.MONTHLY);
        }
        assertThat(reserve(account, "job_100", MID_MARCH).bucket).isEqualTo(Bucket.PREPAID);
        assertThat(reserve(account, "job_101", MID_MARCH).bucket).isEqualTo(Bucket.PREPAID);
        assertThat(Balances.charge(account, "job_102", MID_MARCH)).isEmpty();
        assertThat(Balances.creditsRemaining(account)).isZero();
        assertThat(sum(Bucket.MONTHLY)).isEqualTo(account.monthlyRemaining);
        assertThat(sum(Bucket.PREPAID)).isEqualTo(account.prepaidBalance);
    }

    @Test
    void refundGoesBackToTheBucketItCameFrom() {
        Account account = newAccount(Plan.PRO, MID_MARCH);
        ledger.add(Balances.purchase(account, 1, null, MID_MARCH));
        CreditReservation monthly = reserve(account, "job_m", MID_MARCH);
        account.monthlyRemaining = 0; // spend the rest of the allowance
        CreditReservation prepaid = reserve(account, "job_p", MID_MARCH);

        ledger.add(Balances.refund(account, prepaid, MID_MARCH));
        assertThat(account.prepaidBalance).isEqualTo(1);
        assertThat(account.monthlyRemaining).isZero();
        ledger.add(Balances.refund(account, monthly, MID_MARCH));
        assertThat(account.monthlyRemaining).isEqualTo(1);
        assertThat(account.prepaidBalance).isEqualTo(1);
    }

    @Test
    void periodRenewsAtTheCalendarMonthBoundaryAndLeftoversExpire() {
        Account account = newAccount(Plan.LITE, MID_MARCH);
        reserve(account, "job_1", MID_MARCH);
        assertThat(account.periodEnd).isEqualTo(APRIL_FIRST);

        assertThat(Balances.renewIfDue(account, APRIL_FIRST.minusNanos(1000))).isEmpty();
        List<LedgerEntry> renewal = Balances.renewIfDue(account, APRIL_FIRST);
        ledger.addAll(renewal);
        assertThat(renewal).extracting(e -> e.kind).containsExactly(LedgerKind.EXPIRY, LedgerKind.RENEWAL);
        assertThat(renewal.get(0).amount).isEqualTo(-99);
        assertThat(account.monthlyRemaining).isEqualTo(100);
        assertThat(account.periodEnd).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(sum(Bucket.MONTHLY)).isEqualTo(account.monthlyRemaining);
    }

    @Test
    void monthlyCreditOfAnEndedPeriodIsNotRefundedIntoTheNewOne() {
        Account account = newAccount(Plan.LITE, MID_MARCH);
        CreditReservation reservation = reserve(account, "job_1", MID_MARCH);
        ledger.addAll(Balances.renewIfDue(account, APRIL_FIRST));

        LedgerEntry refund = Balances.refund(account, reservation, APRIL_FIRST);
        assertThat(refund.amount).isZero();
        assertThat(account.monthlyRemaining).isEqualTo(100);
    }

    @Test
    void planChangeEndsTheOldAllowanceAndKeepsPrepaidCredits() {
        Account account = newAccount(Plan.PRO, MID_MARCH);
        ledger.add(Balances.purchase(account, 7, null, MID_MARCH));
        ledger.addAll(Balances.applyPlan(account, Plan.LITE, MID_MARCH));
        assertThat(account.monthlyRemaining).isEqualTo(100);
        ledger.addAll(Balances.applyPlan(account, Plan.PAYG, MID_MARCH));
        assertThat(account.monthlyRemaining).isZero();
        assertThat(account.periodEnd).isNull();
        assertThat(Balances.creditsRemaining(account)).isEqualTo(7);
        assertThat(Balances.renewIfDue(account, APRIL_FIRST)).isEmpty();
        assertThat(sum(Bucket.MONTHLY)).isZero();
        assertThat(sum(Bucket.PREPAID)).isEqualTo(7);
    }

    @Test
    void enterpriseIsUnlimitedAndItsUsageIsRecorded() {
        Account account = newAccount(Plan.ENTERPRISE, MID_MARCH);
        for (int i = 0; i < 1000; i++) {
            assertThat(reserve(account, "job_" + i, MID_MARCH).bucket).isEqualTo(Bucket.UNLIMITED);
        }
        assertThat(Balances.creditsRemaining(account)).isEqualTo(-1);
        assertThat(Balances.monthlyQuota(account.plan)).isEqualTo(-1);
        assertThat(sum(Bucket.UNLIMITED)).isEqualTo(-1000);
    }
}
