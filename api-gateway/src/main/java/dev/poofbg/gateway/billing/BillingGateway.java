package dev.poofbg.gateway.billing;

import dev.poofbg.common.billing.AccountSummary;
import dev.poofbg.common.billing.KeyIdentity;
import dev.poofbg.common.billing.KeyVerification;
import dev.poofbg.common.billing.Reservation;
import dev.poofbg.common.billing.ReservationRequest;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * The gateway's only door to billing. Translates billing's answers into contract errors: 402 stays
 * {@code INSUFFICIENT_CREDITS}; an unreachable, slow or failing billing becomes
 * {@code SERVICE_UNAVAILABLE}, never a silent success.
 */
@ApplicationScoped
public class BillingGateway {

    private static final Logger LOG = Logger.getLogger(BillingGateway.class);

    private static final Duration RETRY_BACKOFF = Duration.ofMillis(50);

    private final BillingClient client;
    private final String authorization;
    private final Duration timeout;

    public BillingGateway(@RestClient BillingClient client, BillingConfig config) {
        this.client = client;
        this.authorization = "Bearer " + config.internalToken();
        this.timeout = config.timeout();
    }

    /** The key's owner, or empty when billing does not know the key (unknown or revoked). */
    public Uni<Optional<KeyIdentity>> verifyKey(String keyHash) {
        return resilient(client.verifyKey(authorization, new KeyVerification(keyHash)))
                .map(Optional::of)
                .onFailure(failure -> status(failure) == 404).recoverWithItem(Optional.empty())
                .onFailure().transform(failure -> translate("key verification", failure));
    }

    /** Reserves one credit for the job (idempotent per job id). */
    public Uni<Reservation> reserve(String jobId, String accountId) {
        return resilient(client.reserve(authorization, new ReservationRequest(jobId, accountId)))
                .onFailure().transform(failure -> translate("reservation", failure));
    }

    /** Refunds the reservation of a job that could not be submitted (idempotent). */
    public Uni<Reservation> release(String jobId) {
        return resilient(client.release(authorization, jobId))
                .onFailure().transform(failure -> translate("release", failure));
    }

    /** The body of {@code GET /v1/account}. */
    public Uni<AccountSummary> summary(String accountId) {
        return resilient(client.summary(authorization, accountId))
                .onFailure().transform(failure -> translate("account summary", failure));
    }

    /**
     * Bounds each attempt and retries a transport failure or timeout once. Safe because every
     * internal call is idempotent (reservations are keyed by job id); HTTP answers are never retried.
     */
    private <T> Uni<T> resilient(Uni<T> call) {
        return call.ifNoItem().after(timeout).fail()
                .onFailure(failure -> !(failure instanceof WebApplicationException))
                .retry().withBackOff(RETRY_BACKOFF).atMost(1);
    }

    private static int status(Throwable failure) {
        return failure instanceof WebApplicationException wae && wae.getResponse() != null
                ? wae.getResponse().getStatus()
                : -1;
    }

    private static ApiException translate(String operation, Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        int status = status(failure);
        if (status == 402) {
            return new ApiException(ErrorCode.INSUFFICIENT_CREDITS, "Insufficient credits");
        }
        if (status >= 400 && status < 500) {
            // Any other 4xx means the two services disagree on the contract (or the token): our fault.
            LOG.errorf("Billing refused the %s call with HTTP %d", operation, status);
            return new ApiException(ErrorCode.INTERNAL_ERROR, "Internal error");
        }
        LOG.warnf("Billing %s failed: %s", operation, status > 0 ? "HTTP " + status : failure.toString());
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Billing is temporarily unavailable, retry shortly");
    }
}
