package dev.poofbg.billing.credits;

/** What settling a job's reservation did. */
public record Settlement(String jobId, Result result, long creditsRemaining) {

    public enum Result {
        /** No reservation exists for this job id. */
        UNKNOWN,
        /** Settled before (duplicate or late event): nothing changed. */
        ALREADY_SETTLED,
        KEPT,
        REFUNDED,
        /** Released before it was reserved; nothing was charged and the job id is now unusable. */
        VOIDED
    }
}
