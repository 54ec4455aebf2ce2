package dev.poofbg.gateway.billing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.poofbg.common.billing.AccountSummary;
import dev.poofbg.common.billing.Reservation;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * An account's remaining credits as billing reports them. A figure taken at reservation time goes
 * stale; job reads use a figure at most {@code poof.billing.credits-cache-ttl} old instead (polling
 * stays off billing), and the last figure seen while billing does not answer, so job reads survive a
 * billing outage. A failed job's refund is made visible where the failure is first reported
 * ({@link #withRefund}), not left to billing's consumer of the event.
 */
@ApplicationScoped
public class AccountCredits {

    /** How long a figure may serve as the fallback while billing is down. */
    private static final Duration FALLBACK_TTL = Duration.ofMinutes(30);

    private final BillingClient billing;
    private final long freshNanos;
    private final Cache<String, Known> known = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(FALLBACK_TTL)
            .build();

    /** Failed jobs whose refund billing confirmed; later reads of them need not ask again. */
    private final Cache<String, Boolean> refunded = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(FALLBACK_TTL)
            .build();

    private record Known(long remaining, long atNanos) {
    }

    public AccountCredits(BillingClient billing, BillingConfig config) {
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

    private Uni<Long> fresh(String accountId) {
        return billing.summary(accountId)
                .map(AccountSummary::creditsRemaining)
                .invoke(remaining -> record(accountId, remaining));
    }

    /**
     * The balance with a failed job's credit back. Billing refunds it now if the job's event has not done so yet
     * (the release is idempotent with the event: whichever comes first refunds, the other changes nothing), so a
     * client that sees the job failed never sees the old balance, on the job or on {@code GET /v1/account}.
     */
    public Uni<Long> withRefund(String accountId, String jobId) {
        if (refunded.getIfPresent(jobId) != null) {
            return recent(accountId);
        }
        return billing.release(jobId)
                .map(Reservation::creditsRemaining)
                .invoke(remaining -> {
                    record(accountId, remaining);
                    refunded.put(jobId, Boolean.TRUE);
                })
                // No reservation: nothing was charged, so nothing to give back.
                .onFailure(failure -> failure instanceof ApiException api && api.code() == ErrorCode.NOT_FOUND)
                .recoverWithUni(() -> recent(accountId));
    }

    /** The last figure billing gave for the account, if any: the fallback while it is unreachable. */
    public Uni<Long> lastKnown(String accountId, Throwable failure) {
        Known figure = known.getIfPresent(accountId);
        return figure != null ? Uni.createFrom().item(figure.remaining()) : Uni.createFrom().failure(failure);
    }
}
