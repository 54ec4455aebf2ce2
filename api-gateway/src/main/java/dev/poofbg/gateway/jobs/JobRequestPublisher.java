package dev.poofbg.gateway.jobs;

import dev.poofbg.common.events.JobRequested;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes job requests to {@code jobs.requested}, keyed by job id; completes on the broker's ack. */
@ApplicationScoped
public class JobRequestPublisher {

    private final MutinyEmitter<JobRequested> emitter;

    public JobRequestPublisher(@Channel("job-requests") MutinyEmitter<JobRequested> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(JobRequested request) {
        return emitter.sendMessage(Message.of(request)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(request.jobId()).build()));
    }
}
