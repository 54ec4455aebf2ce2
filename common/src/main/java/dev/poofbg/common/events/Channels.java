package dev.poofbg.common.events;

/**
 * Messaging channel names, the same in every service's configuration. Each channel's
 * {@code mp.messaging.*.<channel>.topic} names its Kafka topic: {@code jobs.requested} (payload
 * {@link JobRequested}) and {@code jobs.events} (payload {@link JobEvent}), both keyed by job id.
 */
public final class Channels {

    /** Jobs to process: the gateway publishes, the workers consume. */
    public static final String JOBS_REQUESTED = "jobs-requested";

    /** Status changes of jobs: the workers publish, the gateway and billing consume. */
    public static final String JOBS_EVENTS = "jobs-events";

    /**
     * The gateway's second reader of {@code jobs.events}, in a consumer group of each replica's own:
     * every replica sees every event and wakes the requests it holds.
     */
    public static final String JOBS_EVENTS_WAKEUPS = "jobs-events-wakeups";

    private Channels() {
    }
}
