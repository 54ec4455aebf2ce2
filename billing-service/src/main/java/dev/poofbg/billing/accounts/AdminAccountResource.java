package dev.poofbg.billing.accounts;

import dev.poofbg.common.billing.AccountDetails;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Operator endpoints for accounts; authenticated by the admin token (BearerTokenFilter). */
@Path("/admin/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminAccountResource {

    private final AccountService accounts;

    public AdminAccountResource(AccountService accounts) {
        this.accounts = accounts;
    }

    @POST
    @Path("/accounts")
    public Uni<Response> create(AccountRequests.Create body) {
        return accounts.create(required(body).plan(), body.email())
                .map(account -> Response.status(Response.Status.CREATED).entity(AccountView.of(account)).build());
    }

    /** Accounts whose id is {@code query} or whose e-mail address contains it, newest first (the newest without one). */
    @GET
    @Path("/accounts")
    public Uni<AccountDetails.Page> search(@RestQuery String query) {
        return accounts.search(query).map(found -> new AccountDetails.Page(found.stream().map(AccountView::of).toList()));
    }

    @PUT
    @Path("/accounts/{id}/suspension")
    public Uni<AccountDetails> suspend(@RestPath String id, AccountRequests.Suspension body) {
        return accounts.setSuspended(id, required(body).suspended()).map(AccountView::of);
    }

    @GET
    @Path("/accounts/{id}")
    public Uni<AccountDetails> get(@RestPath String id) {
        return accounts.find(id).map(AccountView::of);
    }

    @PUT
    @Path("/accounts/{id}/plan")
    public Uni<AccountDetails> changePlan(@RestPath String id, AccountRequests.ChangePlan body) {
        return accounts.changePlan(id, required(body).plan()).map(AccountView::of);
    }

    @POST
    @Path("/accounts/{id}/credits")
    public Uni<AccountDetails> purchase(@RestPath String id, AccountRequests.Purchase body) {
        return accounts.purchase(id, required(body).wholeCredits(), body.reference()).map(AccountView::of);
    }

    static <T> T required(T body) {
        if (body == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "A JSON body is required");
        }
        return body;
    }
}
