package dev.poofbg.billing.keys;

import dev.poofbg.common.billing.ApiKeyDetails;
import dev.poofbg.common.billing.KeyIdentity;
import dev.poofbg.common.billing.KeyUsage;
import dev.poofbg.common.billing.KeyVerification;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;

/** Key lookup for the gateway, by SHA-256 only: the plaintext key never reaches billing. */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalKeyResource {

    private final KeyService keys;

    public InternalKeyResource(KeyService keys) {
        this.keys = keys;
    }

    @GET
    @Path("/accounts/{accountId}/keys")
    public Uni<ApiKeyDetails.Page> list(@RestPath String accountId) {
        return keys.list(accountId).map(ApiKeyDetails.Page::new);
    }

    @POST
    @Path("/accounts/{accountId}/keys")
    public Uni<Response> create(@RestPath String accountId, ApiKeyDetails.CreateRequest body) {
        return keys.create(accountId, body == null ? null : body.name())
                .map(created -> Response.status(Response.Status.CREATED).entity(created).build());
    }

    /** Revokes a key of this account only: another account's key id answers 404. */
    @POST
    @Path("/accounts/{accountId}/keys/{keyId}/revoke")
    public Uni<ApiKeyDetails> revoke(@RestPath String accountId, @RestPath String keyId) {
        return keys.revoke(accountId, keyId);
    }

    @POST
    @Path("/keys/usage")
    public Uni<Void> recordUsage(KeyUsage body) {
        return keys.recordUsage(body);
    }

    @POST
    @Path("/keys/verify")
    public Uni<KeyIdentity> verify(KeyVerification body) {
        return keys.verify(body == null ? null : body.keyHash());
    }
}
