package dev.poofbg.billing.accounts;

import dev.poofbg.billing.credits.Balances;
import dev.poofbg.common.billing.AccountDetails;
import dev.poofbg.common.billing.AccountSummary;

/** An account as the admin API and the dashboard show it. */
public final class AccountView {

    private AccountView() {
    }

    public static AccountDetails of(Account account) {
        return new AccountDetails(account.id, account.email, account.plan.id(), account.createdAt,
                Balances.creditsRemaining(account), Balances.monthlyQuota(account.plan), account.monthlyRemaining,
                account.prepaidBalance, account.periodEnd, new AccountSummary.RateLimit(account.plan.requestsPerMinute()),
                account.suspendedAt);
    }
}
