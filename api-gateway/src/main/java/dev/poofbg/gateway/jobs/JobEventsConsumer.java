package dev.poofbg.gateway.jobs;

import dev.poofbg.common.JobIds;
import dev.poofbg.common.events.JobEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Applies job events to the jobs table. Two channels read {@code jobs.events}: {@code job-events}
 * in the shared group {@code api-gateway} sees every event once across replicas and keeps the table
 * current; {@code job-wakeups}, in a group of this replica's own that starts at the end of the
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

    /** A failure after the retries nacks the record: the channel stops and health reports it. */
    @Incoming("job-events")
    public Uni<Void> apply(JobEvent event) {
        if (!applicable(event)) {
            return Uni.createFrom().voidItem();
        }
        return jobs.advance(event)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8)
                .invoke(advanced -> {
                    if (advanced != null && advanced.status.isTerminal()) {
                        waiters.wake(advanced);
                    }
                })
                .replaceWithVoid();
    }

    /** Only terminal events for requests held here matter; the rest is left to the shared group. */
    @Incoming("job-wakeups")
    public Uni<Void> wake(JobEvent event) {
        if (!applicable(event) || !event.status().isTerminal() || !waiters.isWaiting(event.jobId())) {
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

    private static boolean applicable(JobEvent event) {
        if (event == null || event.status() == null || !JobIds.isWellFormed(event.jobId())) {
            LOG.warn("ignoring a malformed job event");
            return false;
        }
        return true;
    }
}
