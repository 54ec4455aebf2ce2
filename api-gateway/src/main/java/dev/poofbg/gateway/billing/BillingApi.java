package dev.poofbg.gateway.billing;

import dev.poofbg.common.billing.AccountSummary;
import dev.poofbg.common.billing.KeyIdentity;
import dev.poofbg.common.billing.KeyVerification;
import dev.poofbg.common.billing.Reservation;
import dev.poofbg.common.billing.ReservationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

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

    @GET
    @Path("/accounts/{accountId}/summary")
    Uni<AccountSummary> summary(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("accountId") String accountId);
}
