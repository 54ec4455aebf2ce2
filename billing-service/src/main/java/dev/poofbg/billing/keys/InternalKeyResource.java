package dev.poofbg.billing.keys;

import dev.poofbg.common.billing.KeyIdentity;
import dev.poofbg.common.billing.KeyVerification;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Key lookup for the gateway, by SHA-256 only: the plaintext key never reaches billing. */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalKeyResource {

    private final KeyService keys;

    public InternalKeyResource(KeyService keys) {
        this.keys = keys;
    }

    @POST
    @Path("/keys/verify")
    public Uni<KeyIdentity> verify(KeyVerification body) {
        return keys.verify(body == null ? null : body.keyHash());
    }
}
