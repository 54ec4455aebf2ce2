package dev.poofbg.worker.jobs;

import dev.poofbg.common.events.Channels;
import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.logging.RequestIds;
import io.quarkus.runtime.Quarkus;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;

/** Publishes job status changes to jobs.events, keyed by job id (one partition per job, so in order). */
@ApplicationScoped
public class JobEventPublisher {

    private static final Logger LOG = Logger.getLogger(JobEventPublisher.class);
    /** Exit status of a worker that could not report outcomes for {@code poof.worker.event-retry-for}. */
    static final int CANNOT_REPORT = 3;

    private final MutinyEmitter<Record<String, JobEvent>> emitter;
    private final WorkerConfig config;
    /** A broker outage is ridden out: the send is tried again, with back-off, for event-retry-for. */
    private final Guard outage;

    public JobEventPublisher(@Channel(Channels.JOBS_EVENTS) MutinyEmitter<Record<String, JobEvent>> emitter,
                             WorkerConfig config) {
        this.emitter = emitter;
        this.config = config;
        this.outage = Guard.create()
                .withDescription("terminal job events")
                .withRetry().maxRetries(-1).maxDuration(config.eventRetryFor().toMillis(), ChronoUnit.MILLIS)
                    .delay(500, ChronoUnit.MILLIS)
                    .withExponentialBackoff().factor(2).maxDelay(15, ChronoUnit.SECONDS).done()
                    .beforeRetry(failure -> LOG.warnf("a job event could not be published, trying again: %s",
                            failure.toString()))
                    .done()
                .build();
    }

    /**
     * Blocks until Kafka acknowledged the event. If the broker stays away past {@code poof.worker.event-retry-for},
     * this worker cannot report outcomes and is of no use: it exits, its supervisor (Kubernetes, or the local
     * scripts) starts it afresh, and the job's request, never acknowledged, is delivered again.
     */
    public void publish(JobEvent event) {
        try {
            outage.get(() -> {
                emitter.sendMessageAndAwait(message(event, MDC.get(RequestIds.MDC_KEY)));
                return null;
            }, Void.class);
        } catch (RuntimeException e) {
            LOG.errorf("job %s: its %s event could not be published for %s (%s); exiting so that the worker is started"
                    + " afresh and the job delivered again", event.jobId(), event.status().wireName(),
                    config.eventRetryFor(), e.toString());
            Quarkus.asyncExit(CANNOT_REPORT);
            throw e;
        }
    }

    /**
     * Sends the event now and completes when Kafka acknowledged it. {@code requestId}: the id of the request that
     * submitted the job (or null), passed in because the calling thread may not carry it.
     */
    public CompletableFuture<Void> send(JobEvent event, Object requestId) {
        return emitter.sendMessage(message(event, requestId)).subscribeAsCompletionStage();
    }

    /** Keyed by job id; the id of the request that submitted the job rides along in a header. */
    private static Message<Record<String, JobEvent>> message(JobEvent event, Object requestId) {
        return Message.of(Record.of(event.jobId(), event)).addMetadata(OutgoingKafkaRecordMetadata.builder()
                .withHeaders(RequestIds.recordHeaders(requestId)).build());
    }
}
