package dev.poofbg.gateway.jobs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.poofbg.common.billing.AccountSummary;
import dev.poofbg.gateway.billing.BillingGateway;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * An account's remaining credits as billing reports them. Billing settles refunds asynchronously,
 * so a figure taken at reservation time goes stale; reads use a briefly cached summary instead, and
 * the last figure seen while billing does not answer, so job reads survive a billing outage.
 */
@ApplicationScoped
public class AccountCredits {

    private final BillingGateway billing;
    private final Cache<String, Long> lastKnown = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(30))
            .build();

    public AccountCredits(BillingGateway billing) {
        this.billing = billing;
    }

    /** Cached for a few seconds (quarkus.cache.caffeine."credits-remaining"), so polling stays cheap. */
    @CacheResult(cacheName = "credits-remaining")
    public Uni<Long> cached(String accountId) {
        return fresh(accountId);
    }

    public Uni<Long> fresh(String accountId) {
        return billing.summary(accountId)
                .map(AccountSummary::creditsRemaining)
                .invoke(remaining -> lastKnown.put(accountId, remaining));
    }

    /** The last figure billing gave for the account, if any: the fallback while it is unreachable. */
    public Uni<Long> lastKnown(String accountId, Throwable failure) {
        Long remaining = lastKnown.getIfPresent(accountId);
        return remaining != null ? Uni.createFrom().item(remaining) : Uni.createFrom().failure(failure);
    }
}
