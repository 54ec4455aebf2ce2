package dev.poofbg.billing.credits;

import dev.poofbg.common.billing.LedgerPage;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The usage ledger of an account, for operators (admin token) and the dashboard (internal token). */
@Path("/admin/v1")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    private final LedgerService ledger;

    public LedgerResource(LedgerService ledger) {
        this.ledger = ledger;
    }

    /** Query parameters are parsed here: JAX-RS would answer a non-numeric one with 404. */
    @GET
    @Path("/accounts/{id}/ledger")
    public Uni<LedgerPage> ledger(@RestPath String id, @RestQuery String limit, @RestQuery String offset) {
        return ledger.page(id, integer("limit", limit, LedgerService.DEFAULT_LIMIT), integer("offset", offset, 0));
    }

    /** The dashboard's copy of the route above, under the internal token. */
    @Path("/internal/v1")
    public static class ForDashboard {

        private final LedgerResource ledger;

        public ForDashboard(LedgerResource ledger) {
            this.ledger = ledger;
        }

        @GET
        @Path("/accounts/{id}/ledger")
        @Produces(MediaType.APPLICATION_JSON)
        public Uni<LedgerPage> ledger(@RestPath String id, @RestQuery String limit, @RestQuery String offset) {
            return ledger.ledger(id, limit, offset);
        }
    }

    private static int integer(String name, String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, name + " must be an integer");
        }
    }
}
