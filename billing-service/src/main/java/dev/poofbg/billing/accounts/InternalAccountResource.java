package dev.poofbg.billing.accounts;

import dev.poofbg.common.billing.AccountSummary;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

/** The gateway's view of an account: exactly the body of the public {@code GET /v1/account}. */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class InternalAccountResource {

    private final AccountService accounts;

    public InternalAccountResource(AccountService accounts) {
        this.accounts = accounts;
    }

    @GET
    @Path("/accounts/{accountId}/summary")
    public Uni<AccountSummary> summary(@RestPath String accountId) {
        return accounts.summary(accountId);
    }
}
