package dev.poofbg.gateway.access;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;

/** A /v1 endpoint that only exists in tests: shows who the filters let in, or fails like a later stage would. */
@Path("/v1/test-access-probe")
@Produces(MediaType.APPLICATION_JSON)
public class AccessProbeResource {

    private final CurrentCaller caller;

    public AccessProbeResource(CurrentCaller caller) {
        this.caller = caller;
    }

    @GET
    @Operation(hidden = true) // a test double, not part of the API
    public Map<String, String> whoAmI() {
        return Map.of("account_id", caller.accountId(), "plan", caller.identity().plan());
    }

    @GET
    @Operation(hidden = true) // a test double, not part of the API
    @Path("/out-of-credits")
    public Map<String, String> outOfCredits() {
        throw new ApiException(ErrorCode.INSUFFICIENT_CREDITS, "Insufficient credits");
    }
}
