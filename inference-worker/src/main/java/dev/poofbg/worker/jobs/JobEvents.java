package dev.poofbg.worker.jobs;

import dev.poofbg.common.events.JobEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.util.concurrent.CompletableFuture;

/** Publishes job status changes to jobs.events, keyed by job id (one partition per job, so in order). */
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

    /** Sends the event now and completes when Kafka acknowledged it. */
    public CompletableFuture<Void> send(JobEvent event) {
        return emitter.send(Record.of(event.jobId(), event)).subscribeAsCompletionStage();
    }
}
