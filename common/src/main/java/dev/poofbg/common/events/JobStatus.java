package dev.poofbg.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Job lifecycle; the order of the constants is the order of progress. */
public enum JobStatus {
    PENDING, PROCESSING, COMPLETED, FAILED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }

    /** True when moving from this status to {@code next} is progress (a late or duplicate event is not). */
    public boolean canAdvanceTo(JobStatus next) {
        return !isTerminal() && next.ordinal() > ordinal();
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static JobStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
