package dev.poofbg.gateway.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The webhook API's JSON shapes. */
public final class WebhookViews {

    private WebhookViews() {
    }

    @Schema(name = "WebhookEndpoint")
    public record Endpoint(
            @Schema(examples = "we_4fZq8X1bQ2cD3eF4gH5iJ6kL") String id,
            @Schema(examples = "https://example.com/hooks/poofbg") String url,
            @Schema(enumeration = {"job.completed", "job.failed"}) List<String> events,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("disabled_at") @Schema(nullable = true,
                    description = "Set when the endpoint answered 410 Gone; nothing is sent to it any more")
            String disabledAt,
            @JsonProperty("disabled_reason") @Schema(nullable = true) String disabledReason,
            @JsonProperty("previous_secret_expires_at") @Schema(nullable = true,
                    description = "After a rotation: until then the previous secret signs too")
            String previousSecretExpiresAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "The signing secret (whsec_...): only "
                    + "in the answers to creating the endpoint and rotating its secret, never again")
            String secret) {
    }

    @Schema(name = "WebhookEndpointList")
    public record EndpointList(List<Endpoint> data) {
    }

    @Schema(name = "WebhookRequestSecret")
    public record RequestSecret(
            @Schema(description = "Signs deliveries to the webhook_url of the account's requests; shown only now")
            String secret,
            @JsonProperty("previous_secret_expires_at") @Schema(nullable = true,
                    description = "After a rotation: until then the previous secret signs too")
            String previousSecretExpiresAt) {
    }

    @Schema(name = "WebhookAttempt")
    public record Attempt(
            long id,
            @JsonProperty("webhook_id") @Schema(description = "The delivery's webhook-id header, the same on every "
                    + "attempt; replay it with POST /v1/webhooks/{id}/deliveries/{webhook_id}/replay")
            String webhookId,
            @Schema(enumeration = {"job.completed", "job.failed"}) String event,
            @JsonProperty("job_id") String jobId,
            @Schema(description = "1 for the first attempt of the delivery") int attempt,
            @JsonProperty("attempted_at") String attemptedAt,
            @JsonProperty("status_code") @Schema(nullable = true, description = "null when no answer came") Integer statusCode,
            @JsonProperty("latency_ms") int latencyMs,
            @Schema(nullable = true, description = "Why the attempt did not deliver; null when it did") String error) {
    }

    @Schema(name = "WebhookAttemptList")
    public record AttemptList(List<Attempt> data) {
    }

    @Schema(name = "WebhookReplay")
    public record Replay(@JsonProperty("webhook_id") String webhookId,
                         @Schema(enumeration = {"pending"}) String state) {
    }

    /** Documentation only: the body of POST /v1/webhooks. */
    @Schema(name = "WebhookEndpointRequest")
    public record EndpointRequest(
            @Schema(required = true, examples = "https://example.com/hooks/poofbg",
                    description = "https URL, at most 2048 characters, on a public address") String url,
            @Schema(enumeration = {"job.completed", "job.failed"},
                    description = "The events to send; both when absent") List<String> events) {
    }
}
