package dev.poofbg.billing.users;

import dev.poofbg.common.billing.DashboardUser;
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

/** Dashboard users, for the gateway's dashboard; authenticated by the internal token. */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalUserResource {

    private final UserService users;

    public InternalUserResource(UserService users) {
        this.users = users;
    }

    /** Sign-up: a Free account and its owner. */
    @POST
    @Path("/users")
    public Uni<Response> signUp(DashboardUser.Credentials body) {
        return users.signUp(body).map(user -> Response.status(Response.Status.CREATED).entity(user).build());
    }

    @POST
    @Path("/users/authenticate")
    public Uni<DashboardUser> authenticate(DashboardUser.Credentials body) {
        return users.authenticate(body);
    }

    @GET
    @Path("/users/{id}")
    public Uni<DashboardUser> get(@RestPath String id) {
        return users.get(id);
    }

    @GET
    @Path("/accounts/{id}/users")
    public Uni<DashboardUser.Page> ofAccount(@RestPath String id) {
        return users.ofAccount(id).map(DashboardUser.Page::new);
    }

    @PUT
    @Path("/users/{id}/password")
    public Uni<DashboardUser> changePassword(@RestPath String id, DashboardUser.PasswordChange body) {
        return users.changePassword(id, body);
    }
}
