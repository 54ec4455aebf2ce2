package dev.poofbg.gateway.billing;

import dev.poofbg.common.billing.AccountDetails;
import dev.poofbg.common.billing.ApiKeyDetails;
import dev.poofbg.common.billing.DashboardUser;
import dev.poofbg.common.billing.LedgerPage;
import dev.poofbg.common.billing.PlanDetails;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.common.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Billing's calls for the dashboard: users, an account's details, keys and ledger, and the operators' actions.
 * Unlike the API's calls, billing's refusals of what a person typed (400, 401, 404) reach the page with billing's own
 * message; an unreachable or failing billing becomes {@code SERVICE_UNAVAILABLE}. Nothing is retried: a person can
 * press the button again, and sign-up and key creation are not idempotent.
 */
@ApplicationScoped
public class DashboardBilling {

    private static final Logger LOG = Logger.getLogger(DashboardBilling.class);

    private final BillingApi api;
    private final String authorization;
    private final Duration timeout;
    private final Duration passwordTimeout;

    public DashboardBilling(@RestClient BillingApi api, BillingConfig config) {
        this.api = api;
        this.authorization = "Bearer " + config.internalToken();
        this.timeout = config.timeout();
        this.passwordTimeout = config.passwordTimeout();
    }

    public Uni<DashboardUser> signUp(String email, String password) {
        return call("sign-up", passwordTimeout, () -> api.signUp(authorization, new DashboardUser.Credentials(email, password)));
    }

    public Uni<DashboardUser> authenticate(String email, String password) {
        return call("sign-in", passwordTimeout, () -> api.authenticate(authorization, new DashboardUser.Credentials(email, password)));
    }

    public Uni<DashboardUser> user(String userId) {
        return call("user", () -> api.user(authorization, userId));
    }

    public Uni<DashboardUser> changePassword(String userId, String current, String next) {
        return call("password change", passwordTimeout, () -> api.changePassword(authorization, userId,
                new DashboardUser.PasswordChange(current, next)));
    }

    public Uni<List<DashboardUser>> users(String accountId) {
        return call("users", () -> api.users(authorization, accountId)).map(DashboardUser.Page::data);
    }

    public Uni<AccountDetails> account(String accountId) {
        return call("account", () -> api.account(authorization, accountId));
    }

    public Uni<List<AccountDetails>> searchAccounts(String query) {
        return call("account search", () -> api.searchAccounts(authorization, query)).map(AccountDetails.Page::data);
    }

    public Uni<AccountDetails> changePlan(String accountId, String plan) {
        return call("plan change", () -> api.changePlan(authorization, accountId, Map.of("plan", plan)));
    }

    public Uni<AccountDetails> grantCredits(String accountId, long credits, String reference) {
        return call("credit grant", () -> api.grantCredits(authorization, accountId,
                Map.of("credits", credits, "reference", reference)));
    }

    public Uni<AccountDetails> setSuspended(String accountId, boolean suspended) {
        return call("suspension", () -> api.suspend(authorization, accountId, Map.of("suspended", suspended)));
    }

    public Uni<List<ApiKeyDetails>> keys(String accountId) {
        return call("keys", () -> api.keys(authorization, accountId)).map(ApiKeyDetails.Page::data);
    }

    public Uni<ApiKeyDetails.Created> createKey(String accountId, String name) {
        return call("key creation", () -> api.createKey(authorization, accountId, new ApiKeyDetails.CreateRequest(name)));
    }

    /** Revokes a key of this account; another account's key is NOT_FOUND. */
    public Uni<ApiKeyDetails> revokeKey(String accountId, String keyId) {
        return call("key revocation", () -> api.revokeKey(authorization, accountId, keyId));
    }

    public Uni<LedgerPage> ledger(String accountId, int limit, int offset) {
        return call("ledger", () -> api.ledger(authorization, accountId, limit, offset));
    }

    public Uni<List<PlanDetails>> plans() {
        return call("plans", () -> api.plans(authorization)).map(PlanDetails.Page::data);
    }

    private <T> Uni<T> call(String operation, Supplier<Uni<T>> request) {
        return call(operation, timeout, request);
    }

    private <T> Uni<T> call(String operation, Duration limit, Supplier<Uni<T>> request) {
        return Uni.createFrom().<T>deferred(request::get)
                .ifNoItem().after(limit).failWith(() -> {
                    LOG.warnf("Billing did not answer the dashboard's %s within %d ms", operation, limit.toMillis());
                    return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Billing is temporarily unavailable, retry shortly");
                })
                .onFailure().transform(failure -> {
                    int status = BillingClient.status(failure);
                    if (status == 400 || status == 401 || status == 404) {
                        return refusal(status, (WebApplicationException) failure);
                    }
                    return BillingClient.translate("dashboard " + operation, failure);
                });
    }

    /** Billing's refusal, with billing's message: it speaks of what the person typed, never of secrets. */
    private static ApiException refusal(int status, WebApplicationException failure) {
        ErrorCode fallback = status == 400 ? ErrorCode.INVALID_REQUEST
                : status == 401 ? ErrorCode.UNAUTHORIZED : ErrorCode.NOT_FOUND;
        try {
            ErrorBody body = failure.getResponse().readEntity(ErrorBody.class);
            ErrorCode code = Arrays.stream(ErrorCode.values()).filter(c -> c.name().equals(body.error().code()))
                    .findFirst().orElse(fallback);
            return new ApiException(code, body.error().message());
        } catch (RuntimeException unreadable) {
            return new ApiException(fallback, fallback == ErrorCode.NOT_FOUND ? "Not found" : "Refused");
        }
    }
}
