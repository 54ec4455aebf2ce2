package dev.poofbg.billing.keys;

import dev.poofbg.common.billing.ApiKeyDetails;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;

/** Operator endpoints for API keys; authenticated by the admin token (BearerTokenFilter). */
@Path("/admin/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AdminKeyResource {

    private final KeyService keys;

    public AdminKeyResource(KeyService keys) {
        this.keys = keys;
    }

    /** The body is optional; without a name the key is called "default". */
    @POST
    @Path("/accounts/{id}/keys")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@RestPath String id, ApiKeyDetails.CreateRequest body) {
        return keys.create(id, body == null ? null : body.name())
                .map(created -> Response.status(Response.Status.CREATED).entity(created).build());
    }

    @GET
    @Path("/accounts/{id}/keys")
    public Uni<ApiKeyDetails.Page> list(@RestPath String id) {
        return keys.list(id).map(ApiKeyDetails.Page::new);
    }

    @DELETE
    @Path("/keys/{keyId}")
    public Uni<ApiKeyDetails> revoke(@RestPath String keyId) {
        return keys.revoke(keyId);
    }
}
