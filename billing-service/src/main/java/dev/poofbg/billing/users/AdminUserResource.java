package dev.poofbg.billing.users;

import dev.poofbg.common.billing.DashboardUser;
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

/** Operator endpoints for dashboard users: create one, grant or withdraw the operator role, list an account's users. */
@Path("/admin/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminUserResource {

    private final UserService users;

    public AdminUserResource(UserService users) {
        this.users = users;
    }

    public record CreateUser(String email, String password, Boolean operator) {
    }

    public record OperatorRole(String email, Boolean operator) {
    }

    /** A user with a new Free account of its own; {@code operator: true} makes it an operator at once. */
    @POST
    @Path("/users")
    public Uni<Response> create(CreateUser body) {
        if (body == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "A JSON body is required");
        }
        return users.create(new DashboardUser.Credentials(body.email(), body.password()), Boolean.TRUE.equals(body.operator()))
                .map(user -> Response.status(Response.Status.CREATED).entity(user).build());
    }

    @PUT
    @Path("/users/operator")
    public Uni<DashboardUser> setOperator(OperatorRole body) {
        if (body == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "A JSON body is required");
        }
        return users.setOperator(body.email(), body.operator());
    }

    @GET
    @Path("/accounts/{id}/users")
    public Uni<DashboardUser.Page> ofAccount(@RestPath String id) {
        return users.ofAccount(id).map(DashboardUser.Page::new);
    }
}
