package dev.poofbg.gateway.jobs;

import dev.poofbg.common.events.JobStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JobWaitersTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final JobWaiters waiters = new JobWaiters(metrics);

    /** What operators see: the gauge of requests this replica holds. */
    private double waiting() {
        return metrics.get("poof.jobs.waiting").gauge().value();
    }

    @Test
    void wakeUpBeforeTheWaitBeginsIsNotLost() {
        JobWaiters.Waiter waiter = waiters.register("job_a");
        waiters.wake(finished("job_a")); // the event overtook the request

        Job woken = waiter.await(Duration.ofSeconds(30)).await().atMost(Duration.ofSeconds(1));

        assertThat(woken.id).isEqualTo("job_a");
        assertThat(woken.status).isEqualTo(JobStatus.COMPLETED);
        assertThat(waiters.isWaiting("job_a")).isFalse();
    }

    @Test
    void timeoutAnswersNullAndUnregisters() {
        JobWaiters.Waiter waiter = waiters.register("job_b");

        Job woken = waiter.await(Duration.ofMillis(50)).await().atMost(Duration.ofSeconds(5));

        assertThat(woken).isNull();
        assertThat(waiting()).isZero();
    }

    @Test
    void wakingAnotherJobDoesNothing() {
        JobWaiters.Waiter waiter = waiters.register("job_c");
        waiters.wake(finished("job_other"));

        assertThat(waiter.await(Duration.ofMillis(50)).await().atMost(Duration.ofSeconds(5))).isNull();
    }

    @Test
    void manyWaitersHoldNoThreads() {
        int before = Thread.activeCount();
        for (int i = 0; i < 5_000; i++) {
            waiters.register("job_" + i).await(Duration.ofSeconds(30)).subscribe().with(ignored -> { });
        }
        assertThat(waiting()).isEqualTo(5_000);
        assertThat(Thread.activeCount() - before).isLessThan(10);
        for (int i = 0; i < 5_000; i++) {
            waiters.wake(finished("job_" + i));
        }
        assertThat(waiting()).isZero();
    }

    private static Job finished(String id) {
        Job job = Job.pending(id, "acct_1", Job.SOURCE_UPLOAD, "inputs/acct_1/" + id, null, null, null, Instant.EPOCH);
        job.status = JobStatus.COMPLETED;
        return job;
    }
}
