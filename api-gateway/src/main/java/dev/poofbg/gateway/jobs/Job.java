package dev.poofbg.gateway.jobs;

import dev.poofbg.common.events.JobRequested;
import dev.poofbg.common.events.JobStatus;
import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.common.output.OutputResult;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import java.time.Instant;

/** A job as the gateway records it; the worker's events move its status forward. */
@Entity
@Table(name = "jobs")
public class Job {

    public static final String SOURCE_UPLOAD = "upload";
    public static final String SOURCE_URL = "url";

    @Id
    public String id;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Convert(converter = JobStatusConverter.class)
    @Column(nullable = false)
    public JobStatus status;

    public String error;

    @Column(nullable = false)
    public String source;

    @Column(name = "input_key")
    public String inputKey;

    @Column(name = "image_url")
    public String imageUrl;

    @Column(name = "result_key")
    public String resultKey;

    @Column(name = "credits_used", nullable = false)
    public int creditsUsed;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** The output options, as JSON (OutputOptions); null for a job accepted before they existed. */
    public String options;

    /** What the completed job produced, as JSON (OutputResult); null unless completed. */
    public String result;

    /** The columns above, read once: a finished job is kept in memory and rendered on every read of it. */
    @Transient
    private OutputOptions parsedOptions;
    @Transient
    private OutputResult parsedResult;

    /** Why the job failed (a {@link dev.poofbg.common.events.FailureReason}'s wire name); null unless failed. */
    @Column(name = "failure_reason")
    public String failureReason;

    /** Where this job's own webhook goes, besides the account's endpoints; null for none. */
    @Column(name = "webhook_url")
    public String webhookUrl;

    /** How often the job was published to jobs.requested (the reconciler publishes it again). */
    @Column(name = "dispatch_count", nullable = false)
    public int dispatchCount;

    /** What a worker needs to process this job (the reconciler and a retried idempotent request publish it again). */
    public JobRequested request() {
        return inputKey != null
                ? JobRequested.forUpload(id, accountId, inputKey, null, outputOptions(), createdAt)
                : JobRequested.forUrl(id, accountId, imageUrl, outputOptions(), createdAt);
    }

    /** The output options; the defaults for a job accepted before options existed. */
    public OutputOptions outputOptions() {
        if (parsedOptions == null) {
            parsedOptions = JobJson.options(options);
        }
        return parsedOptions;
    }

    /** What the job produced; null unless it completed. */
    public OutputResult outputResult() {
        if (parsedResult == null && status == JobStatus.COMPLETED) {
            parsedResult = JobJson.result(result);
        }
        return parsedResult;
    }

    public static Job pending(String id, String accountId, String source, String inputKey, String imageUrl,
                              OutputOptions options, String webhookUrl, Instant now) {
        Job job = new Job();
        job.id = id;
        job.accountId = accountId;
        job.status = JobStatus.PENDING;
        job.source = source;
        job.inputKey = inputKey;
        job.imageUrl = imageUrl;
        job.webhookUrl = webhookUrl;
        job.options = JobJson.write(options);
        job.creditsUsed = 1;
        job.createdAt = now;
        job.updatedAt = now;
        job.dispatchCount = 1;
        return job;
    }
}
