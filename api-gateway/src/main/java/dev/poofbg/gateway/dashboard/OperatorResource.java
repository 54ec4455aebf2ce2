package dev.poofbg.gateway.dashboard;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.gateway.billing.DashboardBilling;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static dev.poofbg.gateway.dashboard.DashboardResource.CSRF_FIELD;
import static dev.poofbg.gateway.dashboard.PageResponses.redirect;
import static dev.poofbg.gateway.dashboard.PageResponses.render;

/**
 * The operators' pages: find accounts, change a plan, grant credits, revoke keys, suspend and reinstate, and the
 * platform's last day. Only users with the operator role see them; to anyone else they do not exist (404). Every
 * action is logged with the operator's user id.
 */
@Path("/dashboard/admin")
@Produces(MediaType.TEXT_HTML)
public class OperatorResource {

    private static final Logger LOG = Logger.getLogger(OperatorResource.class);

    private final DashboardSessions sessions;
    private final DashboardBilling billing;
    private final JobStatistics statistics;

    public OperatorResource(DashboardSessions sessions, DashboardBilling billing, JobStatistics statistics) {
        this.sessions = sessions;
        this.billing = billing;
        this.statistics = statistics;
    }

    @GET
    public Uni<Response> home(@RestQuery("q") String query, @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        String q = query == null ? "" : query.strip();
        return sessions.operatorPage(cookie, signedIn -> Uni.combine().all()
                .unis(billing.searchAccounts(q), statistics.lastDay())
                .with((accounts, platform) -> render(Pages.admin(Views.Chrome.of(signedIn, "admin"), q, accounts,
                        platform), 200)));
    }

    @GET
    @Path("/accounts/{accountId}")
    public Uni<Response> account(@RestPath String accountId, @RestQuery String notice,
                                 @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return sessions.operatorPage(cookie, signedIn -> accountPage(signedIn, accountId, notice(notice), null, 200));
    }

    @POST
    @Path("/accounts/{accountId}/plan")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> changePlan(@RestPath String accountId, @RestForm(CSRF_FIELD) String csrf, @RestForm String plan,
                                    @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return act(cookie, csrf, accountId, "plan", signedIn -> billing.changePlan(accountId, plan)
                .invoke(() -> LOG.infof("Operator %s moved account %s to plan %s", signedIn.user().id(), accountId, plan))
                .replaceWithVoid());
    }

    @POST
    @Path("/accounts/{accountId}/credits")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> grant(@RestPath String accountId, @RestForm(CSRF_FIELD) String csrf, @RestForm String credits,
                               @RestForm String reference, @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return act(cookie, csrf, accountId, "credits", signedIn -> {
            long amount;
            try {
                amount = Long.parseLong(credits == null ? "" : credits.strip());
            } catch (NumberFormatException e) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "Credits must be a whole number");
            }
            if (reference == null || reference.isBlank()) {
                throw new ApiException(ErrorCode.INVALID_REQUEST,
                        "A reference (an invoice or ticket id) is required: a repeated grant with it adds nothing");
            }
            return billing.grantCredits(accountId, amount, reference.strip())
                    .invoke(() -> LOG.infof("Operator %s granted %d credits to account %s", signedIn.user().id(),
                            amount, accountId))
                    .replaceWithVoid();
        });
    }

    @POST
    @Path("/accounts/{accountId}/keys/{keyId}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revokeKey(@RestPath String accountId, @RestPath String keyId, @RestForm(CSRF_FIELD) String csrf,
                                   @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        return act(cookie, csrf, accountId, "revoked", signedIn -> billing.revokeKey(accountId, keyId)
                .invoke(() -> LOG.infof("Operator %s revoked key %s of account %s", signedIn.user().id(), keyId, accountId))
                .replaceWithVoid());
    }

    /** Suspension ends the account's sessions at once; its keys are refused within the gateway's key cache TTL. */
    @POST
    @Path("/accounts/{accountId}/suspension")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> suspension(@RestPath String accountId, @RestForm(CSRF_FIELD) String csrf,
                                    @RestForm String suspended, @RestCookie(DashboardSessions.SESSION_COOKIE) String cookie) {
        boolean suspend = "true".equals(suspended);
        return act(cookie, csrf, accountId, suspend ? "suspended" : "reinstated", signedIn -> {
            if (suspend && accountId.equals(signedIn.accountId())) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "You cannot suspend your own account");
            }
            return billing.setSuspended(accountId, suspend)
                    .call(() -> suspend ? sessions.endForAccount(accountId) : Uni.createFrom().voidItem())
                    .invoke(() -> LOG.infof("Operator %s %s account %s", signedIn.user().id(),
                            suspend ? "suspended" : "reinstated", accountId))
                    .replaceWithVoid();
        });
    }

    /** An operator's action, then back to the account's page with what happened, or the page again with the refusal. */
    private Uni<Response> act(String cookie, String csrf, String accountId, String done,
                              java.util.function.Function<SignedIn, Uni<Void>> action) {
        return sessions.operatorForm(cookie, csrf, signedIn -> Uni.createFrom().deferred(() -> action.apply(signedIn))
                .replaceWith(redirect(URI.create("/dashboard/admin/accounts/"
                        + URLEncoder.encode(accountId, StandardCharsets.UTF_8) + "?notice=" + done)))
                .onFailure(failure -> failure instanceof ApiException api && api.code() == ErrorCode.INVALID_REQUEST)
                .recoverWithUni(failure -> accountPage(signedIn, accountId, null, failure.getMessage(), 400)));
    }

    private Uni<Response> accountPage(SignedIn signedIn, String accountId, String notice, String error, int status) {
        return Uni.combine().all()
                .unis(billing.account(accountId), billing.keys(accountId), billing.users(accountId), billing.plans())
                .with((account, keys, users, plans) -> render(Pages.adminAccount(Views.Chrome.of(signedIn, "admin"),
                        account, keys, users, plans, notice, error), status));
    }

    @ServerExceptionMapper
    public Response unexpected(ApiException failure) {
        return PageResponses.errorPage(null, failure);
    }

    /** The confirmations an action redirects with; anything else in the query is ignored, never echoed. */
    private static String notice(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "plan" -> "Plan changed.";
            case "credits" -> "Credits granted.";
            case "revoked" -> "Key revoked.";
            case "suspended" -> "Account suspended: its keys are refused and its sessions have ended.";
            case "reinstated" -> "Account reinstated.";
            default -> null;
        };
    }
}
