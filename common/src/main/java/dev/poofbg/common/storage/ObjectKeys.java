package dev.poofbg.common.storage;

/**
 * Where each object of a job lives in the bucket. Every object sits under its account's prefix, so a
 * key named by an event or a request can be checked against the account it claims to belong to.
 */
public final class ObjectKeys {

    private static final String INPUTS = "inputs/";
    private static final String RESULTS = "results/";
    private static final String ATTEMPTS = "attempts/";

    private ObjectKeys() {
    }

    /** The uploaded image of a job, deleted once the job is terminal. */
    public static String input(String accountId, String jobId) {
        return INPUTS + accountId + "/" + jobId;
    }

    /** The cut-out of a job; {@code extension} without the dot ({@code png}). */
    public static String result(String accountId, String jobId, String extension) {
        return RESULTS + accountId + "/" + jobId + "." + extension;
    }

    /** A small preview of a job's cut-out (at most 256 px on its longer side, PNG) for lists, beside the result. */
    public static String thumbnail(String accountId, String jobId) {
        return RESULTS + accountId + "/" + jobId + ".thumb.png";
    }

    /**
     * A copy of the uploaded image of a job submitted from the dashboard's try page, kept beside the result (the input
     * itself is deleted once the job is terminal) so that the page can show both side by side.
     */
    public static String original(String accountId, String jobId) {
        return RESULTS + accountId + "/" + jobId + ".original";
    }

    /** The worker's count of how often a job was started (a poison-message guard). */
    public static String attempts(String accountId, String jobId) {
        return ATTEMPTS + accountId + "/" + jobId;
    }

    /** Whether {@code key} is a result of the account's own, whatever else named it. */
    public static boolean isResultOf(String key, String accountId) {
        return key != null && key.startsWith(RESULTS + accountId + "/");
    }
}
