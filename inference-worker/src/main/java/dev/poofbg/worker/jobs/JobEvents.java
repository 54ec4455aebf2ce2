package dev.poofbg.worker.jobs;

import dev.poofbg.common.events.JobEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes job status changes to jobs.events, keyed by job id, and waits for the broker's ack. */
@ApplicationScoped
public class JobEvents {
    private final MutinyEmitter<Record<String, JobEvent>> emitter;

    public JobEvents(@Channel("jobs-events") MutinyEmitter<Record<String, JobEvent>> emitter) {
        this.emitter = emitter;
    }

    /** Blocks until Kafka acknowledged the event; throws if it could not be delivered. */
    public void publish(JobEvent event) {
        emitter.sendAndAwait(Record.of(event.jobId(), event));
    }
}
