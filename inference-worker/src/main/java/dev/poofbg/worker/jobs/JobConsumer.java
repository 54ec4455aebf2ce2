package dev.poofbg.worker.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poofbg.common.events.Channels;
import dev.poofbg.common.events.FailureReason;
import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.events.JobRequested;
import dev.poofbg.common.logging.RequestIds;
import dev.poofbg.common.storage.ObjectKeys;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Instant;

/**
 * Consumes jobs.requested on the "inference" worker pool, several jobs at once and out of order.
 * The message is acknowledged only when this method returns, i.e. after the terminal event was
 * acknowledged by Kafka; the throttled commit strategy then commits contiguous offsets. A worker that
 * dies mid-job therefore leaves the job uncommitted, and it is redelivered.
 */
@ApplicationScoped
public class JobConsumer {
    private static final Logger LOG = Logger.getLogger(JobConsumer.class);
    /** The span attribute naming a job: operators search traces by it. */
    static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("poof.job_id");

    private final JobProcessor processor;
    private final InFlightJobs inFlight;
    private final JobEventPublisher events;
    private final ObjectMapper mapper;
    private final Tracer tracer;

    public JobConsumer(JobProcessor processor, InFlightJobs inFlight, JobEventPublisher events, ObjectMapper mapper,
                       Tracer tracer) {
        this.processor = processor;
        this.inFlight = inFlight;
        this.events = events;
        this.mapper = mapper;
        this.tracer = tracer;
    }

    @Incoming(Channels.JOBS_REQUESTED)
    @Blocking(value = "inference", ordered = false)
    public void consume(ConsumerRecord<String, String> record) {
        if (!inFlight.tryStart()) {
            // Not acknowledged, hence not committed: another replica gets it after the rebalance.
            throw new IllegalStateException("shutting down; job left for redelivery");
        }
        // The id of the request that submitted the job: on every log line about it, and on its events.
        String requestId = RequestIds.fromRecord(record.headers());
        if (requestId != null) {
            MDC.put(RequestIds.MDC_KEY, requestId);
        }
        // One span for the whole job, child of the record's (the submitting request's trace): its stages nest in it.
        Span span = tracer.spanBuilder("process job").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            JobRequested job = parse(record.value());
            if (job != null) {
                span.setAttribute(JOB_ID, job.jobId());
                processor.process(job);
            }
        } finally {
            span.end();
            MDC.remove(RequestIds.MDC_KEY);
            inFlight.finish();
        }
    }

    /** The parsed job, or null (after failing it where possible) when it cannot be processed. */
    private JobRequested parse(String payload) {
        JobRequested job;
        try {
            job = mapper.readValue(payload, JobRequested.class);
        } catch (JsonProcessingException e) {
            LOG.errorf("dropping unreadable job request: %s", e.getOriginalMessage());
            return null;
        }
        if (job == null || job.jobId() == null || job.accountId() == null) {
            LOG.error("dropping job request without job or account id");
            return null;
        }
        boolean upload = job.inputKey() != null;
        boolean url = job.imageUrl() != null;
        // The key must be this account's: a message can never make the worker read another tenant's input.
        if (upload == url || (upload && !job.inputKey().equals(ObjectKeys.input(job.accountId(), job.jobId())))) {
            LOG.errorf("job %s: invalid request (input_key %s, image_url present: %s)", job.jobId(), job.inputKey(), url);
            events.publish(JobEvent.failed(job.jobId(), job.accountId(), FailureReason.INTERNAL, "Invalid job request",
                    Instant.now()));
            return null;
        }
        return job;
    }
}
