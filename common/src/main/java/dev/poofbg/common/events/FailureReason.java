package dev.poofbg.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** Why a job failed, for operators (metrics and alerts); the customer reads the event's error message. */
public enum FailureReason {
    /** The customer's input: unsupported, corrupt, too large, a refused or unreachable URL. */
    INPUT("input"),
    /** Ours: storage unavailable, a bug, out of memory, an invalid job request. */
    INTERNAL("internal"),
    /** Its starts kept ending the worker process. */
    GIVEN_UP("given_up"),
    /** Unfinished past the reconciliation deadline. */
    DEADLINE("deadline");

    private final String wireName;

    FailureReason(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Null for a name this version does not know (an event from a newer producer). */
    @JsonCreator
    public static FailureReason fromWire(String value) {
        return Arrays.stream(values()).filter(reason -> reason.wireName.equals(value)).findFirst().orElse(null);
    }
}
