package dev.poofbg.billing.credits;

import dev.poofbg.common.billing.Reservation;
import dev.poofbg.common.billing.ReservationRequest;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

/** Credit reservations for the gateway; authenticated by the internal token (BearerTokenFilter). */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class InternalReservationResource {

    private final CreditService credits;

    public InternalReservationResource(CreditService credits) {
        this.credits = credits;
    }

    @POST
    @Path("/reservations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Reservation> reserve(ReservationRequest body) {
        if (body == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "A JSON body is required");
        }
        return credits.reserve(body.jobId(), body.accountId());
    }

    /** Refunds a reservation whose job never reached the workers; the same path as a failed event. */
    @POST
    @Path("/reservations/{jobId}/release")
    public Uni<Reservation> release(@RestPath String jobId) {
        return credits.release(jobId).map(settlement -> {
            if (settlement.result() == Settlement.Result.VOIDED) {
                throw new ApiException(ErrorCode.NOT_FOUND, "No reservation for this job; it can no longer be reserved");
            }
            return new Reservation(jobId, settlement.creditsRemaining());
        });
    }
}
