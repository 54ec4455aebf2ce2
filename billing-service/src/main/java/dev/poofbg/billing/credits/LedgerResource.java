package dev.poofbg.billing.credits;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The usage ledger of an account, for operators; authenticated by the admin token. */
@Path("/admin/v1")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    private final LedgerService ledger;

    public LedgerResource(LedgerService ledger) {
        this.ledger = ledger;
    }

    @GET
    @Path("/accounts/{id}/ledger")
    public Uni<LedgerView> ledger(@RestPath String id,
                                  @RestQuery @DefaultValue("" + LedgerService.DEFAULT_LIMIT) int limit,
                                  @RestQuery @DefaultValue("0") int offset) {
        return ledger.page(id, limit, offset);
    }
}
