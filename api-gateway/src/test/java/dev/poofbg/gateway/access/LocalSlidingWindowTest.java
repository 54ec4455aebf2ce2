package dev.poofbg.gateway.access;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process window on a controlled clock, at the real 60-second length. */
class LocalSlidingWindowTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LocalSlidingWindow window = new LocalSlidingWindow(Duration.ofSeconds(60), now::get);

    @Test
    void noDoubleBurstAtTheWindowBoundary() {
        for (int i = 0; i < 10; i++) {
            RateLimitDecision decision = window.acquire("acc", 10);
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.remaining()).isEqualTo(9 - i);
        }
        now.addAndGet(59_900);
        for (int i = 0; i < 10; i++) {
            RateLimitDecision refused = window.acquire("acc", 10);
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.remaining()).isZero();
            assertThat(refused.retryAfterMillis()).isEqualTo(100);
            assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        }
        now.addAndGet(99);
        assertThat(window.acquire("acc", 10).allowed()).isFalse();
        now.addAndGet(1);
        // The first ten aged out together; the refused attempts were never recorded.
        for (int i = 0; i < 10; i++) {
            assertThat(window.acquire("acc", 10).allowed()).isTrue();
        }
        assertThat(window.acquire("acc", 10).allowed()).isFalse();
    }

    @Test
    void slotsFreeOneByOneAsTheirRequestsAgeOut() {
        window.acquire("acc", 3);
        now.addAndGet(20_000);
        window.acquire("acc", 3);
        now.addAndGet(20_000);
        window.acquire("acc", 3);
        RateLimitDecision refused = window.acquire("acc", 3);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(20);

        now.addAndGet(20_000);
        RateLimitDecision admitted = window.acquire("acc", 3);
        assertThat(admitted.allowed()).isTrue();
        assertThat(admitted.remaining()).isZero();
        assertThat(window.acquire("acc", 3).retryAfterMillis()).isEqualTo(20_000);
    }

    @Test
    void accountsAreCountedSeparately() {
        assertThat(window.acquire("a", 1).allowed()).isTrue();
        assertThat(window.acquire("a", 1).allowed()).isFalse();
        assertThat(window.acquire("b", 1).allowed()).isTrue();
    }

    @Test
    void concurrentRequestsNeverExceedTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                calls.add(() -> window.acquire("busy", 120).allowed());
            }
            long admitted = 0;
            for (Future<Boolean> result : pool.invokeAll(calls)) {
                admitted += result.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(120);
        } finally {
            pool.shutdownNow();
        }
    }
}
