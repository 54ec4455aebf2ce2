package dev.poofbg.gateway.errors;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A /v1 endpoint that only exists in tests: fails the way a bug would, synchronously and reactively. */
@Path("/v1/test-fault")
public class FaultProbeResource {

    @GET
    @Operation(hidden = true) // a test double, not part of the API
    public String fail() {
        throw new IllegalStateException("secret internal detail");
    }

    @GET
    @Operation(hidden = true) // a test double, not part of the API
    @Path("/reactive")
    public Uni<String> failLater() {
        return Uni.createFrom().failure(new NullPointerException("secret internal detail"));
    }
}
