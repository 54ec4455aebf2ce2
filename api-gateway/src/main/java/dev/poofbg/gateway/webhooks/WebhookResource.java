package dev.poofbg.gateway.webhooks;

import dev.poofbg.gateway.access.CurrentCaller;
import dev.poofbg.gateway.openapi.ApiDocs;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** The account's webhook endpoints (docs/webhooks.md). */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
@SecurityRequirement(name = ApiDocs.BEARER)
public class WebhookResource {

    private final WebhookService webhooks;
    private final CurrentCaller caller;

    public WebhookResource(WebhookService webhooks, CurrentCaller caller) {
        this.webhooks = webhooks;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an endpoint", description = "The answer holds the signing secret, the only time it "
            + "is shown. At most 10 endpoints per account.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = WebhookViews.EndpointRequest.class)))
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookViews.Endpoint.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public Uni<RestResponse<WebhookViews.Endpoint>> register(byte[] body) {
        return WebhookService.available(webhooks.register(caller.accountId(), body))
                .map(endpoint -> RestResponse.status(RestResponse.Status.CREATED, endpoint));
    }

    @GET
    @Operation(summary = "The account's endpoints")
    @APIResponse(responseCode = "200", description = "All of them, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookViews.EndpointList.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public Uni<WebhookViews.EndpointList> list() {
        return WebhookService.available(webhooks.list(caller.accountId()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One endpoint")
    @APIResponse(responseCode = "200", description = "The endpoint",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookViews.Endpoint.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public Uni<WebhookViews.Endpoint> get(@RestPath String id) {
        return WebhookService.available(webhooks.get(caller.accountId(), id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an endpoint", description = "Its pending deliveries and its attempts go with it.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public Uni<RestResponse<Void>> delete(@RestPath String id) {
        return WebhookService.available(webhooks.delete(caller.accountId(), id)).map(done -> RestResponse.noContent());
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Operation(summary = "Rotate an endpoint's signing secret", description = "The answer holds the new secret. "
            + "The previous one signs beside it (a second signature in webhook-signature) for 24 hours.")
    @APIResponse(responseCode = "200", description = "The endpoint with its new secret",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookViews.Endpoint.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public Uni<WebhookViews.Endpoint> rotate(@RestPath String id) {
        return WebhookService.available(webhooks.rotate(caller.accountId(), id));
    }

    @GET
    @Path("/{id}/attempts")
    @Operation(summary = "An endpoint's last 100 delivery attempts, newest first")
    @APIResponse(responseCode = "200", description = "The attempts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookViews.AttemptList.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public Uni<WebhookViews.AttemptList> attempts(@RestPath String id) {
        return WebhookService.available(webhooks.attempts(caller.accountId(), id));
    }

    @POST
    @Path("/{id}/deliveries/{webhook_id}/replay")
    @Operation(summary = "Send a delivery again", description = "Due at once, with the whole retry schedule ahead; "
            + "the same webhook-id.")
    @APIResponse(responseCode = "202", description = "Queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookViews.Replay.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public Uni<RestResponse<WebhookViews.Replay>> replay(@RestPath String id,
                                                         @RestPath("webhook_id") String webhookId) {
        return WebhookService.available(webhooks.replay(caller.accountId(), id, webhookId))
                .map(RestResponse::accepted);
    }

    @POST
    @Path("/request-secret")
    @Operation(summary = "Create or rotate the request signing secret",
            description = "Signs deliveries to the webhook_url a removal request names. The answer holds the secret, "
                    + "the only time it is shown; after a rotation the previous one signs beside it for 24 hours.")
    @APIResponse(responseCode = "200", description = "The new secret",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookViews.RequestSecret.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public Uni<WebhookViews.RequestSecret> rotateRequestSecret() {
        return WebhookService.available(webhooks.rotateRequestSecret(caller.accountId()));
    }
}
