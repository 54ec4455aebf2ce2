package dev.poofbg.gateway.billing;

import dev.poofbg.common.billing.AccountSummary;
import dev.poofbg.common.billing.KeyIdentity;
import dev.poofbg.common.billing.KeyUsage;
import dev.poofbg.common.billing.KeyVerification;
import dev.poofbg.common.billing.Reservation;
import dev.poofbg.common.billing.ReservationRequest;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The gateway's only door to billing. Translates billing's answers into contract errors: 402 stays
 * {@code INSUFFICIENT_CREDITS}; an unreachable, slow or failing billing becomes
 * {@code SERVICE_UNAVAILABLE}, never a silent success.
 */
@ApplicationScoped
public class BillingClient {

    private static final Logger LOG = Logger.getLogger(BillingClient.class);

    private static final TypeLiteral<Uni<KeyIdentity>> KEY_IDENTITY = new TypeLiteral<>() { };
    private static final TypeLiteral<Uni<Reservation>> RESERVATION = new TypeLiteral<>() { };
    private static final TypeLiteral<Uni<AccountSummary>> SUMMARY = new TypeLiteral<>() { };
    private static final TypeLiteral<Uni<Void>> VOID = new TypeLiteral<>() { };

    private final BillingApi api;
    private final String authorization;
    /**
     * Bounds each attempt and retries a transport failure or timeout once. Safe because every
     * internal call is idempotent (reservations are keyed by job id); HTTP answers are never retried.
     */
    private final Guard guard;

    public BillingClient(@RestClient BillingApi api, BillingConfig config) {
        this.api = api;
        this.authorization = "Bearer " + config.internalToken();
        this.guard = Guard.create()
                .withDescription("billing's internal API")
                .withRetry().maxRetries(1).delay(50, ChronoUnit.MILLIS)
                    .whenException(failure -> !(failure instanceof WebApplicationException))
                    .done()
                .withTimeout().duration(config.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withThreadOffload(false)
                .build();
    }

    /** The key's owner, or empty when billing does not know the key (unknown or revoked). */
    public Uni<Optional<KeyIdentity>> verifyKey(String keyHash) {
        return guard.get(() -> api.verifyKey(authorization, new KeyVerification(keyHash)), KEY_IDENTITY)
                .map(Optional::of)
                .onFailure(failure -> status(failure) == 404).recoverWithItem(Optional.empty())
                .onFailure().transform(failure -> translate("key verification", failure));
    }

    /** Reserves one credit for the job (idempotent per job id). */
    public Uni<Reservation> reserve(String jobId, String accountId) {
        return guard.get(() -> api.reserve(authorization, new ReservationRequest(jobId, accountId)), RESERVATION)
                .onFailure().transform(failure -> translate("reservation", failure));
    }

    /**
     * Refunds the job's reservation unless it is settled already (idempotent, and with the job's event).
     * {@code NOT_FOUND} when the job has no reservation (none can be made for it any more).
     */
    public Uni<Reservation> release(String jobId) {
        return guard.get(() -> api.release(authorization, jobId), RESERVATION)
                .onFailure(failure -> status(failure) == 404).transform(failure ->
                        new ApiException(ErrorCode.NOT_FOUND, "No reservation for job " + jobId))
                .onFailure().transform(failure -> translate("release", failure));
    }

    /** Reports when keys were last used (KeyUsageReporter). */
    public Uni<Void> recordKeyUsage(KeyUsage usage) {
        return guard.get(() -> api.recordKeyUsage(authorization, usage), VOID)
                .onFailure().transform(failure -> translate("key usage", failure));
    }

    /** The body of {@code GET /v1/account}. */
    public Uni<AccountSummary> summary(String accountId) {
        return guard.get(() -> api.summary(authorization, accountId), SUMMARY)
                .onFailure().transform(failure -> translate("account summary", failure));
    }

    static int status(Throwable failure) {
        return failure instanceof WebApplicationException wae && wae.getResponse() != null
                ? wae.getResponse().getStatus()
                : -1;
    }

    static ApiException translate(String operation, Throwable failure) {
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
