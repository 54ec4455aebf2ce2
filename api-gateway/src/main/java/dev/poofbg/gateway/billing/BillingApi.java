package dev.poofbg.gateway.billing;

import dev.poofbg.common.billing.AccountDetails;
import dev.poofbg.common.billing.AccountSummary;
import dev.poofbg.common.billing.ApiKeyDetails;
import dev.poofbg.common.billing.DashboardUser;
import dev.poofbg.common.billing.KeyUsage;
import dev.poofbg.common.billing.LedgerPage;
import dev.poofbg.common.billing.PlanDetails;
import dev.poofbg.common.billing.KeyIdentity;
import dev.poofbg.common.billing.KeyVerification;
import dev.poofbg.common.billing.Reservation;
import dev.poofbg.common.billing.ReservationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.Map;

/**
 * Billing's internal API ({@code docs/architecture.md}). Timeouts and retries live in
 * {@link BillingClient}; HTTP error answers arrive as {@code WebApplicationException}s.
 */
@RegisterRestClient(configKey = "billing")
@RegisterClientHeaders(RequestIdHeader.class)
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface BillingApi {

    @POST
    @Path("/keys/verify")
    Uni<KeyIdentity> verifyKey(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, KeyVerification body);

    @POST
    @Path("/reservations")
    Uni<Reservation> reserve(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, ReservationRequest body);

    @POST
    @Path("/reservations/{jobId}/release")
    Uni<Reservation> release(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("jobId") String jobId);

    @POST
    @Path("/keys/usage")
    Uni<Void> recordKeyUsage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, KeyUsage body);

    // The dashboard's calls (DashboardBilling).

    @POST
    @Path("/users")
    Uni<DashboardUser> signUp(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            DashboardUser.Credentials body);

    @POST
    @Path("/users/authenticate")
    Uni<DashboardUser> authenticate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            DashboardUser.Credentials body);

    @GET
    @Path("/users/{userId}")
    Uni<DashboardUser> user(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("userId") String userId);

    @PUT
    @Path("/users/{userId}/password")
    Uni<DashboardUser> changePassword(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("userId") String userId, DashboardUser.PasswordChange body);

    @GET
    @Path("/accounts/{accountId}/users")
    Uni<DashboardUser.Page> users(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("accountId") String accountId);

    @GET
    @Path("/accounts/{accountId}")
    Uni<AccountDetails> account(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("accountId") String accountId);

    @GET
    @Path("/accounts")
    Uni<AccountDetails.Page> searchAccounts(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("query") String query);

    @PUT
    @Path("/accounts/{accountId}/plan")
    Uni<AccountDetails> changePlan(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("accountId") String accountId, Map<String, Object> body);

    @POST
    @Path("/accounts/{accountId}/credits")
    Uni<AccountDetails> grantCredits(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("accountId") String accountId, Map<String, Object> body);

    @PUT
    @Path("/accounts/{accountId}/suspension")
    Uni<AccountDetails> suspend(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("accountId") String accountId, Map<String, Object> body);

    @GET
    @Path("/accounts/{accountId}/keys")
    Uni<ApiKeyDetails.Page> keys(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("accountId") String accountId);

    @POST
    @Path("/accounts/{accountId}/keys")
    Uni<ApiKeyDetails.Created> createKey(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("accountId") String accountId, ApiKeyDetails.CreateRequest body);

    @POST
    @Path("/accounts/{accountId}/keys/{keyId}/revoke")
    Uni<ApiKeyDetails> revokeKey(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("accountId") String accountId, @PathParam("keyId") String keyId);

    @GET
    @Path("/accounts/{accountId}/ledger")
    Uni<LedgerPage> ledger(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("accountId") String accountId, @QueryParam("limit") int limit, @QueryParam("offset") int offset);

    @GET
    @Path("/plans")
    Uni<PlanDetails.Page> plans(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/accounts/{accountId}/summary")
    Uni<AccountSummary> summary(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("accountId") String accountId);
}
