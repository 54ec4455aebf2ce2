package dev.poofbg.common.events;

/** Kafka topic names, keyed by job id on both. */
public final class Topics {
    public static final String JOBS_REQUESTED = "jobs.requested";
    public static final String JOBS_EVENTS = "jobs.events";

    private Topics() {
    }
}
