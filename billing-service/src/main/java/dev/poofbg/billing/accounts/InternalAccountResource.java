package dev.poofbg.billing.accounts;

import dev.poofbg.common.billing.AccountDetails;
import dev.poofbg.common.billing.AccountSummary;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import static dev.poofbg.billing.accounts.AdminAccountResource.required;

/**
 * The gateway's view of accounts: the body of the public {@code GET /v1/account}, and for the dashboard an account's
 * details and the operator's actions (the same as the admin API's, on behalf of a signed-in operator).
 */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
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

    @GET
    @Path("/accounts/{accountId}")
    public Uni<AccountDetails> details(@RestPath String accountId) {
        return accounts.find(accountId).map(AccountView::of);
    }

    @GET
    @Path("/accounts")
    public Uni<AccountDetails.Page> search(@RestQuery String query) {
        return accounts.search(query).map(found -> new AccountDetails.Page(found.stream().map(AccountView::of).toList()));
    }

    @PUT
    @Path("/accounts/{accountId}/plan")
    public Uni<AccountDetails> changePlan(@RestPath String accountId, AccountRequests.ChangePlan body) {
        return accounts.changePlan(accountId, required(body).plan()).map(AccountView::of);
    }

    @POST
    @Path("/accounts/{accountId}/credits")
    public Uni<AccountDetails> grant(@RestPath String accountId, AccountRequests.Purchase body) {
        return accounts.purchase(accountId, required(body).wholeCredits(), body.reference()).map(AccountView::of);
    }

    @PUT
    @Path("/accounts/{accountId}/suspension")
    public Uni<AccountDetails> suspend(@RestPath String accountId, AccountRequests.Suspension body) {
        return accounts.setSuspended(accountId, required(body).suspended()).map(AccountView::of);
    }
}
