package dev.poofbg.worker.jobs;

import dev.poofbg.common.events.JobRequested;
import dev.poofbg.common.storage.ObjectKeys;
import dev.poofbg.worker.storage.ObjectStorage;
import dev.poofbg.worker.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Counts the starts of each job in object storage, the only store that outlives a worker process and that every
 * replica reads. A job is redelivered when the process working on it dies; a job that kills it every time would
 * otherwise go round the replicas forever. Two replicas starting the same job at the same moment may count one start
 * between them: that allows one more try, never one fewer.
 */
@ApplicationScoped
public class JobAttempts {
    private static final Logger LOG = Logger.getLogger(JobAttempts.class);
    private static final long MAX_MARKER_BYTES = 32;

    private final ObjectStorage storage;

    public JobAttempts(ObjectStorage storage) {
        this.storage = storage;
    }

    /** Records one more start of {@code job}; returns how many starts there have been, this one included. */
    public int recordStart(JobRequested job) throws StorageException {
        String key = key(job);
        int starts = storage.get(key, MAX_MARKER_BYTES).map(bytes -> parse(key, bytes)).orElse(0) + 1;
        storage.put(key, Integer.toString(starts).getBytes(StandardCharsets.US_ASCII), "text/plain");
        return starts;
    }

    /** Drops the count once the job is terminal; a leftover only makes a later redelivery count from there. */
    public void forget(JobRequested job) {
        try {
            storage.delete(key(job));
        } catch (StorageException e) {
            LOG.warnf("job %s: could not delete its start count: %s", job.jobId(), e.getMessage());
        }
    }

    static String key(JobRequested job) {
        return ObjectKeys.attempts(job.accountId(), job.jobId());
    }

    private static int parse(String key, byte[] bytes) {
        try {
            return Math.max(0, Integer.parseInt(new String(bytes, StandardCharsets.US_ASCII).trim()));
        } catch (NumberFormatException e) {
            LOG.warnf("unreadable start count in %s; counting from zero", key);
            return 0;
        }
    }
}
