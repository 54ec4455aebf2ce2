package dev.poofbg.gateway.dashboard;

import io.quarkus.qute.TemplateExtension;

import java.time.Instant;
import java.util.Locale;

/** Formats the dashboard's templates use: times in UTC, signed credit amounts, sizes and durations. */
@TemplateExtension
final class TemplateExtensions {

    private TemplateExtensions() {
    }

    static String minute(Instant instant) {
        return Views.minute(instant);
    }

    static String day(Instant instant) {
        return Views.day(instant);
    }

    static String signed(long amount) {
        return amount > 0 ? "+" + amount : Long.toString(amount);
    }

    static long megabytes(long bytes) {
        return bytes / (1024 * 1024);
    }

    static String seconds(Double seconds) {
        return String.format(Locale.ROOT, "%.2f s", seconds);
    }
}
