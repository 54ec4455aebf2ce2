package dev.poofbg.billing.credits;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.events.JobStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Settles reservations from {@code jobs.events}. The offset is committed only after the settling
 * transaction has committed (at least once); settling is idempotent per job id, so a redelivered,
 * duplicate or reordered event never charges or refunds twice. Settling is retried with back-off for
 * two minutes (a database restart); an event that still fails, or cannot be read, goes to the
 * dead-letter topic with its job id in the log, never silently away. Replaying the dead-letter
 * topic into {@code jobs.events} is safe for the same reason.
 */
@ApplicationScoped
public class JobEventsConsumer {

    private static final Logger LOG = Logger.getLogger(JobEventsConsumer.class);
    /** Long enough to ride out a database restart; the channel's max unprocessed age is set above it. */
    private static final Duration RETRY_FOR = Duration.ofMinutes(2);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

    private final CreditService credits;
    private final ObjectMapper mapper;

    public JobEventsConsumer(CreditService credits, ObjectMapper mapper) {
        this.credits = credits;
        this.mapper = mapper;
    }

    @Incoming("jobs-events")
    public Uni<Void> consume(String payload) {
        JobEvent event;
        try {
            event = mapper.readValue(payload, JobEvent.class);
        } catch (Exception e) {
            LOG.errorf("Unreadable job event (%s); sending it to the dead-letter topic", e.getClass().getSimpleName());
            return Uni.createFrom().failure(e);
        }
        if (event.jobId() == null || event.status() == null) {
            LOG.errorf("Job event without job_id or status (job %s); sending it to the dead-letter topic", event.jobId());
            return Uni.createFrom().failure(new IllegalArgumentException("job event without job_id or status"));
        }
        if (!event.status().isTerminal()) {
            return Uni.createFrom().voidItem();
        }
        boolean keep = event.status() == JobStatus.COMPLETED;
        return Uni.createFrom().deferred(() -> credits.settle(event.jobId(), keep))
                .onFailure().invoke(e -> LOG.warnf("Settling job %s failed (%s), retrying", event.jobId(), e.toString()))
                .onFailure().retry().withBackOff(FIRST_RETRY, MAX_RETRY_DELAY).expireIn(RETRY_FOR.toMillis())
                .invoke(settlement -> log(event, settlement))
                .onFailure().invoke(e -> LOG.errorf(e, "Could not settle job %s; sending its event to the dead-letter topic",
                        event.jobId()))
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
