package dev.poofbg.worker.jobs;

import io.quarkus.runtime.ShutdownEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightJobsTest {
    private static WorkerConfig grace(Duration grace) {
        return new WorkerConfig() {
            @Override
            public int concurrency() {
                return 2;
            }

            @Override
            public Duration shutdownGrace() {
                return grace;
            }

            @Override
            public int maxAttempts() {
                return 3;
            }

            @Override
            public Duration eventRetryFor() {
                return Duration.ofMinutes(4);
            }

            @Override
            public long maxInputBytes() {
                return 1;
            }
        };
    }

    @Test
    void shutdownWaitsForRunningJobsAndStartsNoNewOnes() throws Exception {
        InFlightJobs jobs = new InFlightJobs(grace(Duration.ofSeconds(10)));
        assertTrue(jobs.tryStart());
        CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
            try {
                jobs.drain(new ShutdownEvent());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertFalse(drained.isDone(), "shutdown must wait for the running job");
        assertFalse(jobs.tryStart(), "no new job once draining");
        jobs.finish();
        drained.get(2, TimeUnit.SECONDS);
    }

    @Test
    void shutdownGivesUpAfterTheGracePeriod() throws Exception {
        InFlightJobs jobs = new InFlightJobs(grace(Duration.ofMillis(300)));
        assertTrue(jobs.tryStart());
        long start = System.nanoTime();
        jobs.drain(new ShutdownEvent());
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited >= 250 && waited < 2000, "waited " + waited + " ms");
    }
}
