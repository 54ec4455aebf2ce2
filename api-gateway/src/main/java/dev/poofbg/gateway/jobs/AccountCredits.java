package dev.poofbg.gateway.jobs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.poofbg.common.billing.AccountSummary;
import dev.poofbg.gateway.billing.BillingGateway;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * An account's remaining credits as billing reports them. Billing settles refunds asynchronously,
 * so a figure taken at reservation time goes stale; job reads use a figure at most
 * {@code poof.jobs.credits-cache-ttl} old instead (polling stays off billing), and the last figure
 * seen while billing does not answer, so job reads survive a billing outage.
 */
@ApplicationScoped
public class AccountCredits {

    /** How long a figure may serve as the fallback while billing is down. */
    private static final Duration FALLBACK_TTL = Duration.ofMinutes(30);

    private final BillingGateway billing;
    private final long freshNanos;
    private final Cache<String, Known> known = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(FALLBACK_TTL)
            .build();

    private record Known(long remaining, long atNanos) {
    }

    public AccountCredits(BillingGateway billing, JobsConfig config) {
        this.billing = billing;
        this.freshNanos = config.creditsCacheTtl().toNanos();
    }

    /** A figure billing just gave in another answer (a reservation). */
    public void record(String accountId, long remaining) {
        known.put(accountId, new Known(remaining, System.nanoTime()));
    }

    /** A figure at most the cache TTL old; billing is asked only when there is none. */
    public Uni<Long> recent(String accountId) {
        Known figure = known.getIfPresent(accountId);
        if (figure != null && System.nanoTime() - figure.atNanos() <= freshNanos) {
            return Uni.createFrom().item(figure.remaining());
        }
        return fresh(accountId);
    }

    public Uni<Long> fresh(String accountId) {
        return billing.summary(accountId)
                .map(AccountSummary::creditsRemaining)
                .invoke(remaining -> record(accountId, remaining));
    }

    /** The last figure billing gave for the account, if any: the fallback while it is unreachable. */
    public Uni<Long> lastKnown(String accountId, Throwable failure) {
        Known figure = known.getIfPresent(accountId);
        return figure != null ? Uni.createFrom().item(figure.remaining()) : Uni.createFrom().failure(failure);
    }
}
