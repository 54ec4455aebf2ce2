package dev.poofbg.gateway.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poofbg.gateway.jobs.JobReader;
import dev.poofbg.gateway.jobs.JobView;
import dev.poofbg.gateway.jobs.Timestamps;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the outbox. Every {@code poof.webhooks.interval}, any replica claims the due deliveries
 * ({@link WebhookStore#claim}) and sends them at once, each signed with the target's secrets; a 2xx delivers,
 * {@code 410 Gone} disables the endpoint, anything else is retried on the Standard Webhooks schedule
 * ({@code 429}/{@code 503} after their {@code Retry-After}), and after the last attempt the delivery is failed.
 */
@Startup // its gauges exist from the start, and its schedules run on every replica
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final WebhookStore store;
    private final WebhookSender sender;
    private final SecretBox box;
    private final JobReader reader;
    private final ObjectMapper json;
    private final WebhooksConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Duration longestWait;
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong oldestDueSeconds = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();

    public WebhookDispatcher(WebhookStore store, WebhookSender sender, SecretBox box, JobReader reader,
                             ObjectMapper json, WebhooksConfig config, Clock clock, MeterRegistry metrics) {
        this.store = store;
        this.sender = sender;
        this.box = box;
        this.reader = reader;
        this.json = json;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        if (config.batchSize() < 1 || config.attemptsKept() < 1 || config.retrySchedule().isEmpty()) {
            throw new IllegalStateException("poof.webhooks.batch-size and attempts-kept must be at least 1 and "
                    + "retry-schedule must name at least one wait");
        }
        this.longestWait = config.retrySchedule().stream().max(Duration::compareTo).orElseThrow();
        for (String outcome : new String[] {"delivered", "retrying", "failed", "gone"}) {
            metrics.counter("poof.webhook.attempts", "outcome", outcome);
        }
        Gauge.builder("poof.webhook.deliveries.due", due, AtomicLong::get)
                .description("Webhook deliveries due and not yet sent, as of the last look").register(metrics);
        Gauge.builder("poof.webhook.deliveries.oldest.due.seconds", oldestDueSeconds, AtomicLong::get)
                .description("How long the oldest due delivery has waited, as of the last look").register(metrics);
    }

    /**
     * Claims as many due deliveries as there are free slots (at most {@code poof.webhooks.batch-size} attempts in flight
     * per replica) and starts them without waiting: a slow endpoint holds one slot for up to the attempt timeout, never
     * the others' deliveries.
     */
    @Scheduled(every = "${poof.webhooks.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Off.class)
    Uni<Void> dispatch() {
        int free = config.batchSize() - inFlight.get();
        if (free <= 0) {
            return Uni.createFrom().voidItem();
        }
        // An attempt outlives its lease only if the process stalls: then another replica may send it again.
        return store.claim(config.timeout().plusSeconds(30), free)
                .invoke(claimed -> claimed.forEach(this::start))
                .onFailure().invoke(e -> LOG.warnf("webhook dispatch failed, next in %s: %s", config.interval(),
                        e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** The backlog gauges, on every replica whether it sends or not (an alert watches them). */
    @Scheduled(every = "15s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> measureBacklog() {
        return store.backlog(clock.instant())
                .invoke(backlog -> {
                    due.set(backlog[0]);
                    oldestDueSeconds.set(backlog[1]);
                })
                .onFailure().invoke(e -> LOG.debugf("webhook backlog not measured: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void start(WebhookStore.Due delivery) {
        inFlight.incrementAndGet();
        // Any failure of one delivery stays with it: it is logged and its lease runs out, the others go on.
        Uni.createFrom().deferred(() -> deliver(delivery))
                .onFailure().invoke(e -> LOG.warnf("webhook %s (job %s): attempt not recorded, made again after the "
                        + "lease: %s", delivery.id(), delivery.job().id, e.toString()))
                .onFailure().recoverWithNull()
                .eventually(inFlight::decrementAndGet)
                .subscribe().with(done -> { });
    }

    @Scheduled(every = "1h", delayed = "1m", skipExecutionIf = Off.class)
    Uni<Void> purge() {
        return store.purge(clock.instant().minus(config.retention()))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("deleted %d webhook deliveries finished more than %s ago", deleted, config.retention());
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("webhook retention purge failed: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> deliver(WebhookStore.Due delivery) {
        Instant now = clock.instant();
        if (delivery.endpointDisabled()) {
            return store.cancel(delivery.id(), now);
        }
        int attempt = delivery.attempts() + 1;
        if (delivery.secret() == null) {
            WebhookSender.Attempt refused = new WebhookSender.Attempt(null, 0, "no signing secret", null);
            return finish(delivery, attempt, now, refused, false);
        }
        List<String> secrets;
        try {
            secrets = secrets(delivery);
        } catch (RuntimeException e) {
            LOG.errorf("webhook %s: %s", delivery.id(), e.getMessage());
            WebhookSender.Attempt refused = new WebhookSender.Attempt(null, 0, "signing secret unreadable", null);
            return finish(delivery, attempt, now, refused, false);
        }
        return reader.render(delivery.job())
                .map(view -> body(delivery.eventType(), now, view))
                .chain(body -> {
                    long timestamp = now.getEpochSecond();
                    String signature = Signatures.header(secrets, delivery.id(), timestamp, body);
                    return Uni.createFrom().item(() -> sender.send(delivery.url(), delivery.id(), timestamp, signature, body))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
                })
                // The job could not be rendered (billing away and no balance known): an attempt that did not deliver.
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("webhook %s (job %s): could not render the job: %s", delivery.id(), delivery.job().id,
                            e.toString());
                    return new WebhookSender.Attempt(null, 0, "the job could not be read, retrying", null);
                })
                .chain(result -> finish(delivery, attempt, now, result, true));
    }

    private List<String> secrets(WebhookStore.Due delivery) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(box.open(delivery.secret()));
        if (delivery.previousSecret() != null) {
            secrets.add(box.open(delivery.previousSecret()));
        }
        return secrets;
    }

    private Uni<Void> finish(WebhookStore.Due delivery, int attempt, Instant startedAt, WebhookSender.Attempt result,
                             boolean retryable) {
        Instant now = clock.instant();
        WebhookStore.Outcome outcome;
        String tag;
        if (result.delivered()) {
            outcome = new WebhookStore.Outcome("delivered", null);
            tag = "delivered";
        } else if (result.gone()) {
            outcome = new WebhookStore.Outcome("failed", null);
            tag = "gone";
        } else if (!retryable || attempt > config.retrySchedule().size()) {
            outcome = new WebhookStore.Outcome("failed", null);
            tag = "failed";
        } else {
            // Retry-After may ask for longer than the schedule, never for less: a "Retry-After: 0" must not use up the
            // day's attempts in seconds.
            Duration scheduled = config.retrySchedule().get(attempt - 1);
            Duration wait = result.retryAfter() != null && result.retryAfter().compareTo(scheduled) > 0
                    ? min(result.retryAfter(), longestWait)
                    : scheduled;
            outcome = WebhookStore.Outcome.retryAt(now.plus(wait));
            tag = "retrying";
        }
        metrics.counter("poof.webhook.attempts", "outcome", tag).increment();
        log(delivery, attempt, result, tag, outcome);
        Uni<Void> recorded = store.record(delivery, attempt, startedAt, result, outcome, config.attemptsKept());
        if (tag.equals("gone") && delivery.endpointId() != null) {
            return recorded.chain(() -> store.disable(delivery.endpointId(), "the endpoint answered 410 Gone", now));
        }
        return recorded;
    }

    private static void log(WebhookStore.Due delivery, int attempt, WebhookSender.Attempt result, String tag,
                            WebhookStore.Outcome outcome) {
        String target = delivery.endpointId() != null ? "endpoint " + delivery.endpointId() : "the job's webhook_url";
        String what = result.error() != null ? result.error() : "HTTP " + result.statusCode();
        switch (tag) {
            case "delivered" -> LOG.debugf("webhook %s (%s of job %s) delivered to %s on attempt %d", delivery.id(),
                    delivery.eventType(), delivery.job().id, target, attempt);
            case "retrying" -> LOG.infof("webhook %s to %s, attempt %d: %s; next at %s", delivery.id(), target, attempt,
                    what, outcome.nextAttemptAt());
            case "gone" -> LOG.warnf("webhook %s: %s answered 410 Gone and is disabled", delivery.id(), target);
            default -> LOG.warnf("webhook %s to %s failed after %d attempts: %s", delivery.id(), target, attempt, what);
        }
    }

    private String body(String eventType, Instant now, JobView job) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", eventType);
        payload.put("timestamp", Timestamps.format(now));
        payload.put("data", job);
        try {
            return json.writeValueAsString(Collections.unmodifiableMap(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job view is always serialisable", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Skips sending where {@code poof.webhooks.dispatch} is false. */
    @Singleton
    public static class Off implements Scheduled.SkipPredicate {
        private final WebhooksConfig config;

        public Off(WebhooksConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.dispatch();
        }
    }
}
