package dev.poofbg.gateway.jobs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.poofbg.common.JobIds;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.events.JobStatus;
import dev.poofbg.common.storage.ObjectKeys;
import dev.poofbg.gateway.billing.AccountCredits;
import dev.poofbg.gateway.storage.ObjectStorage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** Reads jobs for their owner and renders them in the contract's shape. */
@ApplicationScoped
public class JobReader {

    private final JobRepository jobs;
    private final ObjectStorage storage;
    private final AccountCredits credits;
    /** Completed and failed jobs: no event moves them again (JobStatus#canAdvanceTo), so a copy stays true. */
    private final Cache<String, Job> finished;

    public JobReader(JobRepository jobs, ObjectStorage storage, AccountCredits credits, JobsConfig config) {
        this.jobs = jobs;
        this.storage = storage;
        this.credits = credits;
        this.finished = Caffeine.newBuilder()
                .maximumSize(config.finishedJobCacheSize())
                .expireAfterAccess(Duration.ofMinutes(10))
                .build();
    }

    public Uni<JobView> get(String jobId, String accountId) {
        if (!JobIds.isWellFormed(jobId)) {
            return Uni.createFrom().failure(notFound());
        }
        return find(jobId).onItem().ifNull().failWith(JobReader::notFound)
                .chain(found -> {
                    if (!found.accountId.equals(accountId)) {
                        return Uni.createFrom().failure(
                                new ApiException(ErrorCode.FORBIDDEN, "Job belongs to another account"));
                    }
                    return render(found);
                });
    }

    /** The job in the contract's shape with the account's balance (a failed job's refund included). */
    public Uni<JobView> render(Job job) {
        Uni<Long> balance = job.status == JobStatus.FAILED
                ? credits.withRefund(job.accountId, job.id)
                : credits.recent(job.accountId);
        return balance
                .onFailure().recoverWithUni(failure -> credits.lastKnown(job.accountId, failure))
                .map(remaining -> view(job, remaining));
    }

    /** A job by id, or null: a finished one from memory, any other from the database. */
    public Uni<Job> find(String jobId) {
        Job known = finished.getIfPresent(jobId);
        return known != null ? Uni.createFrom().item(known) : jobs.get(jobId).invoke(this::remember);
    }

    /** Keeps a finished job for later reads; returns it. */
    public Job remember(Job job) {
        if (job != null && job.status.isTerminal()) {
            finished.put(job.id, job);
        }
        return job;
    }

    public Uni<JobPage> list(String accountId, int limit, int offset) {
        return jobs.page(accountId, limit, offset)
                .map(page -> new JobPage(page.stream().map(JobListItem::of).toList(), limit, offset));
    }

    /**
     * A fresh signed link on every read, for completed jobs only, and only to an object under the
     * job's own account prefix, whatever an event claimed.
     */
    public JobView view(Job job, long creditsRemaining) {
        String resultUrl = job.status == JobStatus.COMPLETED && ObjectKeys.isResultOf(job.resultKey, job.accountId)
                ? storage.presignGet(job.resultKey)
                : null;
        return new JobView(job.id, job.status, job.error, Timestamps.format(job.createdAt),
                Timestamps.format(job.completedAt), job.creditsUsed, creditsRemaining, resultUrl,
                job.outputOptions().applied(), job.outputResult());
    }

    private static ApiException notFound() {
        return new ApiException(ErrorCode.NOT_FOUND, "Job not found");
    }
}
