package dev.poofbg.billing.accounts;

import dev.poofbg.billing.credits.Balances;
import dev.poofbg.common.billing.AccountSummary;

import java.time.Instant;

/**
 * An account as the admin API shows it. {@code creditsRemaining} and {@code creditsMonthlyQuota}
 * mean exactly what they mean in {@code GET /v1/account}; the other two split the balance.
 */
public record AccountView(
        String id,
        String email,
        String plan,
        Instant createdAt,
        long creditsRemaining,
        long creditsMonthlyQuota,
        int monthlyCreditsRemaining,
        long prepaidCredits,
        Instant periodEnd,
        AccountSummary.RateLimit rateLimit) {

    public static AccountView of(Account account) {
        return new AccountView(account.id, account.email, account.plan.id(), account.createdAt,
                Balances.creditsRemaining(account), Balances.monthlyQuota(account.plan), account.monthlyRemaining,
                account.prepaidBalance, account.periodEnd, new AccountSummary.RateLimit(account.plan.requestsPerMinute()));
    }
}
