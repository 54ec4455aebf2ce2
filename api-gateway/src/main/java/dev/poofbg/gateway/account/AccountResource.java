package dev.poofbg.gateway.account;

import dev.poofbg.common.billing.AccountSummary;
import dev.poofbg.gateway.access.CurrentCaller;
import dev.poofbg.gateway.billing.BillingClient;
import dev.poofbg.gateway.openapi.ApiDocs;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's plan, credits and rate limit, exactly as billing reports them. */
@Path("/v1/account")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Account")
@SecurityRequirement(name = ApiDocs.BEARER)
public class AccountResource {

    private final BillingClient billing;
    private final CurrentCaller caller;

    public AccountResource(BillingClient billing, CurrentCaller caller) {
        this.billing = billing;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Plan, remaining credits and rate limit",
            description = "credits_remaining and credits_monthly_quota are -1 on unlimited plans.")
    @APIResponse(responseCode = "200", description = "The account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AccountSummary.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public Uni<AccountSummary> get() {
        return billing.summary(caller.accountId());
    }
}
