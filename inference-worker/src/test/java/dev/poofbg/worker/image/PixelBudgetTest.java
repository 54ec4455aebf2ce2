package dev.poofbg.worker.image;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PixelBudgetTest {

    @Test
    void imagesThatDoNotFitTogetherWaitForEachOther() throws Exception {
        PixelBudget budget = new PixelBudget(48_000_000);
        PixelBudget.Admission first = budget.admit(40_000_000);

        CompletableFuture<PixelBudget.Admission> second = CompletableFuture.supplyAsync(() -> budget.admit(12_000_000));

        Thread.sleep(200);
        assertThat(second).as("40 + 12 MP exceed 48 MP").isNotCompleted();
        first.close();
        second.get(5, TimeUnit.SECONDS).close();
        assertThat(budget.available()).isEqualTo(48_000_000 / 1024 * 1024);
    }

    @Test
    void imagesThatFitTogetherRunTogether() {
        PixelBudget budget = new PixelBudget(48_000_000);
        try (PixelBudget.Admission a = budget.admit(12_000_000); PixelBudget.Admission b = budget.admit(12_000_000);
                PixelBudget.Admission c = budget.admit(12_000_000)) {
            assertThat(budget.available()).isBetween(11_000_000L, 12_000_000L);
        }
    }

    @Test
    void anImageLargerThanTheBudgetRunsAlone() throws Exception {
        PixelBudget budget = new PixelBudget(10_000_000);
        try (PixelBudget.Admission whole = budget.admit(40_000_000)) {
            assertThat(budget.available()).isLessThan(1024);
            CompletableFuture<PixelBudget.Admission> small = CompletableFuture.supplyAsync(() -> budget.admit(1));
            Thread.sleep(200);
            assertThat(small).isNotCompleted();
            whole.close();
            small.get(5, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void aLargeImageIsNotOvertakenBySmallOnes() throws Exception {
        PixelBudget budget = new PixelBudget(20_000_000);
        PixelBudget.Admission running = budget.admit(10_000_000);
        CompletableFuture<PixelBudget.Admission> large = CompletableFuture.supplyAsync(() -> budget.admit(20_000_000));
        Thread.sleep(200); // the large image queues first
        CompletableFuture<PixelBudget.Admission> small = CompletableFuture.supplyAsync(() -> budget.admit(1_000_000));
        Thread.sleep(200);

        assertThat(small).as("admitted ahead of the large image that waits").isNotCompleted();
        running.close();
        large.get(5, TimeUnit.SECONDS).close();
        small.get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void aBudgetFromTheHeapCountsTwelveBytesAPixel() {
        assertThat(PixelBudget.ofHeap(1L << 30).available()).isBetween(66_000_000L, 67_200_000L);
        assertThatThrownBy(() -> new PixelBudget(10)).isInstanceOf(IllegalArgumentException.class);
    }
}
