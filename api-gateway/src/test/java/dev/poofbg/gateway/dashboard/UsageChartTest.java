package dev.poofbg.gateway.dashboard;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UsageChartTest {

    @Test
    void barsStackFailedOnCompletedAndTheBusiestDayFillsTheHeight() {
        List<JobStatistics.Day> days = new ArrayList<>();
        LocalDate first = LocalDate.of(2026, 11, 8);
        for (int i = 0; i < 30; i++) {
            days.add(new JobStatistics.Day(first.plusDays(i), i == 29 ? 30 : i == 10 ? 10 : 0, i == 29 ? 10 : 0));
        }
        Views.UsageChart chart = Views.UsageChart.of(days);
        assertThat(chart.bars()).hasSize(30);
        assertThat(chart.max()).isEqualTo(40);
        assertThat(chart.completed()).isEqualTo(40);
        assertThat(chart.failed()).isEqualTo(10);
        Views.UsageChart.Bar busiest = chart.bars().get(29);
        assertThat(busiest.completedHeight() + busiest.failedHeight()).isEqualTo(chart.height());
        assertThat(busiest.failedY()).isZero();
        assertThat(busiest.completedY()).isEqualTo(busiest.failedHeight());
        assertThat(chart.bars().get(10).completedHeight()).isEqualTo(30);
        assertThat(chart.bars().get(0).completedHeight()).isZero();
        assertThat(chart.firstLabel()).isEqualTo("8 Nov");
        assertThat(chart.lastLabel()).isEqualTo("7 Dec");
        assertThat(chart.width()).isEqualTo(30 * 16 + 29 * 4);
    }

    @Test
    void anEmptyMonthDrawsFlatBarsWithoutDividingByZero() {
        List<JobStatistics.Day> days = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            days.add(new JobStatistics.Day(LocalDate.of(2026, 11, 8).plusDays(i), 0, 0));
        }
        Views.UsageChart chart = Views.UsageChart.of(days);
        assertThat(chart.bars()).allSatisfy(bar -> assertThat(bar.completedHeight() + bar.failedHeight()).isZero());
    }
}
