package dev.poofbg.gateway.jobs;

import dev.poofbg.common.billing.AccountSummary;
import dev.poofbg.gateway.billing.BillingGateway;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An account's remaining credits as billing reports them. Billing settles refunds asynchronously,
 * so a figure taken at reservation time goes stale; reads use a briefly cached summary instead.
 */
@ApplicationScoped
public class AccountCredits {

    private final BillingGateway billing;

    public AccountCredits(BillingGateway billing) {
        this.billing = billing;
    }

    /** Cached for a few seconds (quarkus.cache.caffeine."credits-remaining"), so polling stays cheap. */
    @CacheResult(cacheName = "credits-remaining")
    public Uni<Long> cached(String accountId) {
        return fresh(accountId);
    }

    public Uni<Long> fresh(String accountId) {
        return billing.summary(accountId).map(AccountSummary::creditsRemaining);
    }
}
