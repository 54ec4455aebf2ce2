package dev.poofbg.gateway.jobs;

import dev.poofbg.common.events.Channels;
import dev.poofbg.common.events.JobRequested;
import dev.poofbg.common.logging.RequestIds;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.MDC;

/** Publishes job requests to {@code jobs.requested}, keyed by job id; completes on the broker's ack. */
@ApplicationScoped
public class JobRequestPublisher {

    private final MutinyEmitter<JobRequested> emitter;

    public JobRequestPublisher(@Channel(Channels.JOBS_REQUESTED) MutinyEmitter<JobRequested> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(JobRequested request) {
        // The request's id travels with the job, so the worker's log lines about it carry it too.
        return emitter.sendMessage(Message.of(request)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(request.jobId())
                        .withHeaders(RequestIds.recordHeaders(MDC.get(RequestIds.MDC_KEY))).build()));
    }
}
