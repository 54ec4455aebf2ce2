package dev.poofbg.gateway.jobs;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class JobWaitersTest {

    private final JobWaiters waiters = new JobWaiters(new SimpleMeterRegistry());

    @Test
    void wakeUpBeforeTheWaitBeginsIsNotLost() {
        JobWaiters.Waiter waiter = waiters.register("job_a");
        waiters.wake("job_a"); // the event overtook the request

        boolean woken = waiter.await(Duration.ofSeconds(30)).await().atMost(Duration.ofSeconds(1));

        assertThat(woken).isTrue();
        assertThat(waiters.isWaiting("job_a")).isFalse();
    }

    @Test
    void timeoutAnswersFalseAndUnregisters() {
        JobWaiters.Waiter waiter = waiters.register("job_b");

        boolean woken = waiter.await(Duration.ofMillis(50)).await().atMost(Duration.ofSeconds(5));

        assertThat(woken).isFalse();
        assertThat(waiters.size()).isZero();
    }

    @Test
    void wakingAnotherJobDoesNothing() {
        JobWaiters.Waiter waiter = waiters.register("job_c");
        waiters.wake("job_other");

        assertThat(waiter.await(Duration.ofMillis(50)).await().atMost(Duration.ofSeconds(5))).isFalse();
    }

    @Test
    void manyWaitersHoldNoThreads() {
        int before = Thread.activeCount();
        for (int i = 0; i < 5_000; i++) {
            waiters.register("job_" + i).await(Duration.ofSeconds(30)).subscribe().with(ignored -> { });
        }
        assertThat(waiters.size()).isEqualTo(5_000);
        assertThat(Thread.activeCount() - before).isLessThan(10);
        for (int i = 0; i < 5_000; i++) {
            waiters.wake("job_" + i);
        }
        assertThat(waiters.size()).isZero();
    }
}
