package dev.poofbg.billing.credits;

import dev.poofbg.common.events.Channels;
import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.events.JobEventJson;
import dev.poofbg.common.events.JobStatus;
import dev.poofbg.common.logging.RequestIds;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Settles reservations from {@code jobs.events}. The offset is committed only after the settling
 * transaction has committed (at least once); settling is idempotent per job id, so a redelivered,
 * duplicate or reordered event never charges or refunds twice. Settling is retried with back-off for as
 * long as it fails (a database outage of any length: no reservation is left held because its event was
 * given up, and the channel never stops); an event that cannot be read goes to the dead-letter topic with
 * its content in the log, never silently away. Replaying the dead-letter
 * topic into {@code jobs.events} is safe for the same reason.
 */
@ApplicationScoped
public class JobEventsConsumer {

    private static final Logger LOG = Logger.getLogger(JobEventsConsumer.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

    private final CreditService credits;

    public JobEventsConsumer(CreditService credits) {
        this.credits = credits;
    }

    /** Read as text, so that a record which is not a job event reaches the dead-letter topic as it was. */
    @Incoming(Channels.JOBS_EVENTS)
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        String payload = record.value();
        String requestId = RequestIds.fromRecord(record.headers());
        if (requestId != null) {
            MDC.put(RequestIds.MDC_KEY, requestId); // the request that submitted the job, on the lines about it
        }
        JobEvent event;
        try {
            event = JobEventJson.read(payload.getBytes(StandardCharsets.UTF_8));
        } catch (JobEventJson.InvalidJobEventException e) {
            LOG.errorf("%s; sending it to the dead-letter topic", e.getMessage());
            return Uni.createFrom().failure(e);
        }
        if (!event.status().isTerminal()) {
            return Uni.createFrom().voidItem();
        }
        boolean keep = event.status() == JobStatus.COMPLETED;
        return Uni.createFrom().deferred(() -> credits.settle(event.jobId(), keep))
                .onFailure().invoke(e -> LOG.warnf("Settling job %s failed (%s), retrying", event.jobId(), e.toString()))
                .onFailure().retry().withBackOff(FIRST_RETRY, MAX_RETRY_DELAY).indefinitely()
                .invoke(settlement -> log(event, settlement))
                .replaceWithVoid();
    }

    private static void log(JobEvent event, Settlement settlement) {
        switch (settlement.result()) {
            case UNKNOWN -> LOG.warnf("No reservation for job %s (%s event); nothing to settle", event.jobId(),
                    event.status().wireName());
            case VOIDED -> LOG.warnf("Job %s was released before it was reserved; %s event ignored", event.jobId(),
                    event.status().wireName());
            case ALREADY_SETTLED -> LOG.debugf("Job %s already settled; %s event ignored", event.jobId(),
                    event.status().wireName());
            default -> LOG.debugf("Job %s settled: %s", event.jobId(), settlement.result());
        }
    }
}
