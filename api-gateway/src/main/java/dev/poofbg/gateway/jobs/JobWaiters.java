package dev.poofbg.gateway.jobs;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests on this replica waiting for their job's terminal event. A waiter is registered before
 * the job is published, so an event that arrives before the wait begins still finds it. Waiting is
 * a pending future plus a timer: no thread is held.
 */
@ApplicationScoped
public class JobWaiters {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    public JobWaiters(MeterRegistry registry) {
        registry.gaugeMapSize("poof.jobs.waiting", java.util.List.of(), waiting);
    }

    public Waiter register(String jobId) {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        waiting.put(jobId, signal);
        return new Waiter(jobId, signal);
    }

    public boolean isWaiting(String jobId) {
        return waiting.containsKey(jobId);
    }

    public void wake(String jobId) {
        CompletableFuture<Void> signal = waiting.get(jobId);
        if (signal != null) {
            signal.complete(null);
        }
    }

    public int size() {
        return waiting.size();
    }

    public final class Waiter {
        private final String jobId;
        private final CompletableFuture<Void> signal;

        private Waiter(String jobId, CompletableFuture<Void> signal) {
            this.jobId = jobId;
            this.signal = signal;
        }

        /** Completes with true when woken, false when the timeout passes first; always unregisters. */
        public Uni<Boolean> await(Duration timeout) {
            return Uni.createFrom().completionStage(signal)
                    .replaceWith(true)
                    .ifNoItem().after(timeout).recoverWithItem(false)
                    .eventually(this::cancel);
        }

        public void cancel() {
            waiting.remove(jobId, signal);
        }
    }
}
