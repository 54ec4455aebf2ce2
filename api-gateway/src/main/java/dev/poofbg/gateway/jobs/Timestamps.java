package dev.poofbg.gateway.jobs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** API timestamps: ISO-8601 UTC, whole seconds, always with {@code Z} (e.g. 2026-03-18T12:00:02Z). */
public final class Timestamps {

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
