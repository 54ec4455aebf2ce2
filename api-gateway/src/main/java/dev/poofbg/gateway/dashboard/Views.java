package dev.poofbg.gateway.dashboard;

import dev.poofbg.common.events.JobStatus;
import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.gateway.jobs.Job;
import io.quarkus.qute.TemplateData;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the dashboard's templates show, shaped for them. */
public final class Views {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Views() {
    }

    public static String minute(Instant instant) {
        return instant == null ? "" : MINUTE.format(instant);
    }

    public static String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }

    /** The frame of every signed-in page: who is signed in, the token its forms carry, the section it is in. */
    @TemplateData
    public record Chrome(String email, boolean operator, String csrf, String section) {

        static Chrome of(SignedIn signedIn, String section) {
            return new Chrome(signedIn.user().email(), signedIn.user().operator(), signedIn.session().csrfToken(), section);
        }
    }

    /** The sign-in and sign-up forms: the token they carry, what was typed (never the password), what went wrong. */
    public record Form(String csrf, String email, String error) {
    }

    /** A page of a list: 1-based, with links to its neighbours when they exist. */
    public record Pager(int page, boolean hasPrevious, boolean hasNext) {

        public int previous() {
            return page - 1;
        }

        public int next() {
            return page + 1;
        }
    }

    /** A job in the jobs list and on its own page. */
    public record JobRow(String id, String status, String created, String completed, String error, boolean completedOk,
                         boolean unfinished, boolean previewable, String format, String size) {

        static JobRow of(Job job) {
            boolean completed = job.status == JobStatus.COMPLETED;
            OutputOptions.Format format = job.outputOptions().format();
            String size = "";
            if (completed && job.outputResult() != null) {
                size = job.outputResult().width() + " × " + job.outputResult().height();
            }
            return new JobRow(job.id, job.status.wireName(), minute(job.createdAt), minute(job.completedAt), job.error,
                    completed, !job.status.isTerminal(), completed && format != OutputOptions.Format.ZIP,
                    format.name().toLowerCase(Locale.ROOT), size);
        }
    }

    /**
     * The usage chart, drawn on the server as SVG so that it needs no script: one stacked bar per day (completed
     * below, failed above), scaled to the busiest day.
     */
    public record UsageChart(List<Bar> bars, long max, long completed, long failed, int width, int height) {

        static final int BAR = 16;
        static final int GAP = 4;
        static final int HEIGHT = 120;

        public record Bar(int x, String label, long completed, long failed, int completedY, int completedHeight,
                          int failedY, int failedHeight) {
        }

        static UsageChart of(List<JobStatistics.Day> days) {
            long max = Math.max(1, days.stream().mapToLong(d -> d.completed() + d.failed()).max().orElse(0));
            List<Bar> bars = new ArrayList<>();
            int x = 0;
            for (JobStatistics.Day day : days) {
                int completedHeight = (int) Math.round((double) day.completed() * HEIGHT / max);
                int failedHeight = (int) Math.round((double) day.failed() * HEIGHT / max);
                int completedY = HEIGHT - completedHeight;
                bars.add(new Bar(x, label(day.date()), day.completed(), day.failed(), completedY, completedHeight,
                        completedY - failedHeight, failedHeight));
                x += BAR + GAP;
            }
            return new UsageChart(bars, max, days.stream().mapToLong(JobStatistics.Day::completed).sum(),
                    days.stream().mapToLong(JobStatistics.Day::failed).sum(), x - GAP, HEIGHT);
        }

        private static String label(LocalDate date) {
            return date.format(DateTimeFormatter.ofPattern("d MMM", Locale.ROOT));
        }

        public int barWidth() {
            return BAR;
        }

        /** The drawing's height with room for the axis. */
        public int viewHeight() {
            return height + 8;
        }

        public String firstLabel() {
            return bars.isEmpty() ? "" : bars.get(0).label();
        }

        public String lastLabel() {
            return bars.isEmpty() ? "" : bars.get(bars.size() - 1).label();
        }
    }
}
