package dev.poofbg.gateway.jobs;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests on this replica waiting for their job's terminal event. A waiter is registered before
 * the job is published, so an event that arrives before the wait begins still finds it. Waiting is
 * a pending future plus a timer: no thread is held.
 */
@ApplicationScoped
public class JobWaiters {

    private final ConcurrentHashMap<String, CompletableFuture<Job>> waiting = new ConcurrentHashMap<>();

    public JobWaiters(MeterRegistry registry) {
        registry.gaugeMapSize("poof.jobs.waiting", List.of(), waiting);
    }

    public Waiter register(String jobId) {
        CompletableFuture<Job> signal = new CompletableFuture<>();
        waiting.put(jobId, signal);
        return new Waiter(jobId, signal);
    }

    public boolean isWaiting(String jobId) {
        return waiting.containsKey(jobId);
    }

    /** Hands the finished job to the request waiting for it, if this replica holds one. */
    public void wake(Job finished) {
        CompletableFuture<Job> signal = waiting.get(finished.id);
        if (signal != null) {
            signal.complete(finished);
        }
    }

    public final class Waiter {
        private final String jobId;
        private final CompletableFuture<Job> signal;

        private Waiter(String jobId, CompletableFuture<Job> signal) {
            this.jobId = jobId;
            this.signal = signal;
        }

        /** Completes with the finished job when woken, with null when the timeout passes first; always unregisters. */
        public Uni<Job> await(Duration timeout) {
            return Uni.createFrom().completionStage(signal)
                    .ifNoItem().after(timeout).recoverWithItem((Job) null)
                    .eventually(this::cancel);
        }

        public void cancel() {
            waiting.remove(jobId, signal);
        }
    }
}
