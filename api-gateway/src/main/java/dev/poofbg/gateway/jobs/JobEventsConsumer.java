package dev.poofbg.gateway.jobs;

import dev.poofbg.common.events.Channels;
import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.logging.RequestIds;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;

/**
 * Applies job events to the jobs table. Two channels read {@code jobs.events}: {@code jobs-events}
 * in the shared group {@code api-gateway} sees every event once across replicas and keeps the table
 * current; {@code jobs-events-wakeups}, in a group of this replica's own that starts at the end of the
 * topic, sees every event on every replica and wakes the requests this replica holds. Both apply
 * the same forward-only update, so whichever comes first wins and the other changes nothing; the
 * winner wakes the waiting request with the row it wrote.
 */
@ApplicationScoped
public class JobEventsConsumer {

    private static final Logger LOG = Logger.getLogger(JobEventsConsumer.class);

    private final JobRepository jobs;
    private final JobWaiters waiters;

    public JobEventsConsumer(JobRepository jobs, JobWaiters waiters) {
        this.jobs = jobs;
        this.waiters = waiters;
    }

    /**
     * Retried for as long as the database is away, so an outage of any length leaves the channel running and
     * the events queued behind this one are applied once it is back (the commit strategy's age check is off
     * for this channel).
     */
    @Incoming(Channels.JOBS_EVENTS)
    public Uni<Void> apply(ConsumerRecord<String, JobEvent> record) {
        JobEvent event = record.value();
        if (!applicable(record)) {
            return Uni.createFrom().voidItem();
        }
        return jobs.advance(event)
                .onFailure().invoke(e -> LOG.warnf("could not apply the %s event of %s yet, retrying: %s",
                        event.status().wireName(), event.jobId(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(advanced -> {
                    if (advanced != null && advanced.status.isTerminal()) {
                        waiters.wake(advanced);
                    }
                })
                .replaceWithVoid();
    }

    /** Only terminal events for requests held here matter; the rest is left to the shared group. */
    @Incoming(Channels.JOBS_EVENTS_WAKEUPS)
    public Uni<Void> wake(ConsumerRecord<String, JobEvent> record) {
        JobEvent event = record.value();
        if (!applicable(record) || !event.status().isTerminal() || !waiters.isWaiting(event.jobId())) {
            return Uni.createFrom().voidItem();
        }
        return jobs.advance(event)
                // The shared group (perhaps on another replica) was first: the row is read back.
                .chain(advanced -> advanced != null ? Uni.createFrom().item(advanced) : jobs.get(event.jobId()))
                .invoke(job -> {
                    if (job != null && job.status.isTerminal()) {
                        waiters.wake(job);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("could not apply %s event of %s: %s",
                        event.status().wireName(), event.jobId(), e.toString()))
                // The waiter then times out and re-reads the table, which the shared group keeps current.
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Null when JobEventJson refused the record (the channel skips what it cannot read). Otherwise the id of the
     * request that submitted the job goes into the logging context, for the lines about the event.
     */
    private static boolean applicable(ConsumerRecord<String, JobEvent> record) {
        if (record.value() == null) {
            LOG.warn("ignoring a malformed job event");
            return false;
        }
        String requestId = RequestIds.fromRecord(record.headers());
        if (requestId != null) {
            MDC.put(RequestIds.MDC_KEY, requestId);
        }
        return true;
    }
}
