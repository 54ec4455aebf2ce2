package dev.poofbg.gateway.dashboard;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts over the gateway's jobs table for the dashboard: an account's daily usage and the platform's last day. */
@ApplicationScoped
public class JobStatistics {

    public static final int USAGE_DAYS = 30;

    private final Pool pool;
    private final Clock clock;

    public JobStatistics(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** One UTC day of an account's usage: images completed and failed. */
    public record Day(LocalDate date, long completed, long failed) {
    }

    /** The last {@value #USAGE_DAYS} UTC days, today included, oldest first; days without jobs count zero. */
    public Uni<List<Day>> dailyUsage(String accountId) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = today.minusDays(USAGE_DAYS - 1);
        return pool.preparedQuery("select (created_at at time zone 'UTC')::date as day,"
                        + " count(*) filter (where status = 'completed') as completed,"
                        + " count(*) filter (where status = 'failed') as failed"
                        + " from jobs where account_id = $1 and created_at >= $2 group by 1")
                .execute(Tuple.of(accountId, first.atStartOfDay().atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Map<LocalDate, Day> byDate = new LinkedHashMap<>();
                    for (LocalDate date = first; !date.isAfter(today); date = date.plusDays(1)) {
                        byDate.put(date, new Day(date, 0, 0));
                    }
                    for (Row row : rows) {
                        LocalDate date = row.getLocalDate("day");
                        byDate.computeIfPresent(date, (d, empty) -> new Day(d, row.getLong("completed"), row.getLong("failed")));
                    }
                    return new ArrayList<>(byDate.values());
                });
    }

    /** The platform's last 24 hours: jobs created by status, and the median time from acceptance to completion. */
    public record Platform(Map<String, Long> byStatus, Double medianSeconds, long total) {
    }

    public Uni<Platform> lastDay() {
        Instant since = clock.instant().minusSeconds(24 * 3600);
        Tuple window = Tuple.of(since.atOffset(ZoneOffset.UTC));
        Uni<Map<String, Long>> byStatus = pool.preparedQuery(
                        "select status, count(*) as n from jobs where created_at >= $1 group by status")
                .execute(window)
                .map(rows -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    for (String status : List.of("pending", "processing", "completed", "failed")) {
                        counts.put(status, 0L);
                    }
                    rows.forEach(row -> counts.put(row.getString("status"), row.getLong("n")));
                    return counts;
                });
        Uni<Double> median = pool.preparedQuery("select percentile_cont(0.5) within group"
                        + " (order by extract(epoch from completed_at - created_at)) as median from jobs"
                        + " where status = 'completed' and created_at >= $1")
                .execute(window)
                .map(rows -> rows.iterator().next().getDouble("median"));
        return Uni.combine().all().unis(byStatus, median)
                .with((counts, m) -> new Platform(counts, m, counts.values().stream().mapToLong(Long::longValue).sum()));
    }
}
