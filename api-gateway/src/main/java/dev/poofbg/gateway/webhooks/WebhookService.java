package dev.poofbg.gateway.webhooks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.poofbg.common.Base62;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.gateway.jobs.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Registering, listing, rotating and replaying webhook endpoints; an account sees only its own (else 404). */
@ApplicationScoped
public class WebhookService {

    public static final List<String> EVENTS = List.of("job.completed", "job.failed");
    private static final Pattern ENDPOINT_ID = Pattern.compile("we_[0-9A-Za-z]{24}");
    private static final Pattern DELIVERY_ID = Pattern.compile("msg_[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookStore store;
    private final WebhookTargets targets;
    private final SecretBox box;
    private final WebhooksConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final ObjectReader reader;

    public WebhookService(WebhookStore store, WebhookTargets targets, SecretBox box, WebhooksConfig config,
                          Clock clock, Vertx vertx, ObjectMapper mapper) {
        this.store = store;
        this.targets = targets;
        this.box = box;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
        this.reader = mapper.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    public Uni<WebhookViews.Endpoint> register(String accountId, byte[] body) {
        JsonNode root = parse(body);
        String url = text(root, "url", true);
        List<String> events = events(root.get("events"));
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("url") && !name.equals("events")) {
                throw invalid("Unknown field " + name + ": send url and, optionally, events");
            }
        }
        String secret = Signatures.newSecret();
        Instant now = clock.instant();
        WebhookStore.Endpoint endpoint = new WebhookStore.Endpoint("we_" + Base62.random(RANDOM, 24), accountId, url,
                events, box.seal(secret), null, null, now, null, null);
        return checkTarget("url", url)
                .chain(() -> store.insert(endpoint, config.maxEndpoints()))
                .map(inserted -> {
                    if (!inserted) {
                        throw invalid("An account has at most " + config.maxEndpoints() + " webhook endpoints; "
                                + "delete one first");
                    }
                    return view(endpoint, secret);
                });
    }

    public Uni<WebhookViews.EndpointList> list(String accountId) {
        return store.endpoints(accountId)
                .map(endpoints -> new WebhookViews.EndpointList(endpoints.stream().map(e -> view(e, null)).toList()));
    }

    public Uni<WebhookViews.Endpoint> get(String accountId, String id) {
        return owned(accountId, id).map(endpoint -> view(endpoint, null));
    }

    public Uni<Void> delete(String accountId, String id) {
        if (!ENDPOINT_ID.matcher(id).matches()) {
            return Uni.createFrom().failure(notFound());
        }
        return store.delete(accountId, id).invoke(deleted -> {
            if (!deleted) {
                throw notFound();
            }
        }).replaceWithVoid();
    }

    /** A new secret; the old one keeps signing beside it for {@code poof.webhooks.rotation-overlap}. */
    public Uni<WebhookViews.Endpoint> rotate(String accountId, String id) {
        if (!ENDPOINT_ID.matcher(id).matches()) {
            return Uni.createFrom().failure(notFound());
        }
        String secret = Signatures.newSecret();
        return store.rotate(accountId, id, box.seal(secret), clock.instant().plus(config.rotationOverlap()))
                .onItem().ifNull().failWith(WebhookService::notFound)
                .map(endpoint -> view(endpoint, secret));
    }

    public Uni<WebhookViews.RequestSecret> rotateRequestSecret(String accountId) {
        String secret = Signatures.newSecret();
        Instant now = clock.instant();
        return store.hasRequestSecret(accountId)
                .call(() -> store.putRequestSecret(accountId, box.seal(secret), now, now.plus(config.rotationOverlap())))
                .map(existed -> new WebhookViews.RequestSecret(secret,
                        existed ? Timestamps.format(now.plus(config.rotationOverlap())) : null));
    }

    public Uni<WebhookViews.AttemptList> attempts(String accountId, String id) {
        return owned(accountId, id)
                .chain(endpoint -> store.attempts(endpoint.id(), config.attemptsKept()))
                .map(rows -> new WebhookViews.AttemptList(rows.stream().map(row -> new WebhookViews.Attempt(row.id(),
                        row.deliveryId(), row.eventType(), row.jobId(), row.attempt(),
                        Timestamps.format(row.attemptedAt()), row.statusCode(), row.latencyMs(), row.error())).toList()));
    }

    public Uni<WebhookViews.Replay> replay(String accountId, String id, String deliveryId) {
        return owned(accountId, id).chain(endpoint -> {
            if (endpoint.disabledAt() != null) {
                return Uni.createFrom().failure(invalid("The endpoint is disabled (" + endpoint.disabledReason()
                        + "); register it again to receive deliveries"));
            }
            if (!DELIVERY_ID.matcher(deliveryId).matches()) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.NOT_FOUND, "Delivery not found"));
            }
            return store.replay(endpoint.id(), deliveryId, clock.instant()).map(replayed -> {
                if (!replayed) {
                    throw new ApiException(ErrorCode.NOT_FOUND, "Delivery not found");
                }
                return new WebhookViews.Replay(deliveryId, "pending");
            });
        });
    }

    /**
     * The {@code webhook_url} a removal request names: the endpoint rules, and the account's request secret must
     * exist to sign its deliveries. Checked before anything is charged.
     */
    public Uni<String> checkRequestTarget(String accountId, String url) {
        return checkTarget("webhook_url", url)
                .chain(() -> available(store.hasRequestSecret(accountId)))
                .map(exists -> {
                    if (!exists) {
                        throw invalid("webhook_url needs the account's request signing secret: create it once with "
                                + "POST /v1/webhooks/request-secret");
                    }
                    return url;
                });
    }

    /** The form first (no lookup for a URL refused anyway), then the addresses, off the event loop. */
    private Uni<Void> checkTarget(String field, String url) {
        targets.checkForm(field, url);
        return vertx.executeBlocking(Uni.createFrom().item(() -> targets.check(field, url)), false).replaceWithVoid();
    }

    private Uni<WebhookStore.Endpoint> owned(String accountId, String id) {
        if (!ENDPOINT_ID.matcher(id).matches()) {
            return Uni.createFrom().failure(notFound());
        }
        return store.endpoint(accountId, id).onItem().ifNull().failWith(WebhookService::notFound);
    }

    private JsonNode parse(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : reader.readTree(body);
        } catch (IOException e) {
            throw invalid("Malformed JSON body");
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw invalid("The body must be a JSON object: {\"url\": \"https://...\", \"events\": [\"job.completed\"]}");
        }
        return root;
    }

    private static String text(JsonNode root, String field, boolean required) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw invalid("Missing field " + field);
            }
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(field + " must be a string");
        }
        return node.asText();
    }

    private static List<String> events(JsonNode node) {
        if (node == null || node.isNull()) {
            return EVENTS;
        }
        if (!node.isArray() || node.isEmpty()) {
            throw invalid("events must be a non-empty array of " + String.join(", ", EVENTS));
        }
        Set<String> events = new LinkedHashSet<>();
        for (JsonNode event : node) {
            if (!event.isTextual() || !EVENTS.contains(event.asText())) {
                throw invalid("events may hold only " + String.join(", ", EVENTS));
            }
            events.add(event.asText());
        }
        return new ArrayList<>(events);
    }

    private static WebhookViews.Endpoint view(WebhookStore.Endpoint endpoint, String secret) {
        return new WebhookViews.Endpoint(endpoint.id(), endpoint.url(), endpoint.events(),
                Timestamps.format(endpoint.createdAt()), Timestamps.format(endpoint.disabledAt()),
                endpoint.disabledReason(), Timestamps.format(endpoint.previousSecretExpiresAt()), secret);
    }

    /** A database that does not answer is the service's trouble, not the request's: 503, as for jobs. */
    static <T> Uni<T> available(Uni<T> work) {
        return work.onFailure(failure -> !(failure instanceof ApiException)).transform(failure ->
                new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Webhooks cannot be read or changed right now; retry shortly"));
    }

    private static ApiException notFound() {
        return new ApiException(ErrorCode.NOT_FOUND, "Webhook endpoint not found");
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_REQUEST, message);
    }
}
