package dev.poofbg.worker.jobs;

import dev.poofbg.common.events.FailureReason;
import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.events.JobRequested;
import dev.poofbg.common.logging.RequestIds;
import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.common.output.OutputResult;
import dev.poofbg.common.storage.ObjectKeys;
import dev.poofbg.worker.InputRejectedException;
import dev.poofbg.worker.fetch.UrlFetcher;
import dev.poofbg.worker.image.Box;
import dev.poofbg.worker.image.CutoutResult;
import dev.poofbg.worker.image.ImagePipeline;
import dev.poofbg.worker.image.Stages;
import dev.poofbg.worker.storage.ObjectStorage;
import dev.poofbg.worker.storage.ObjectTooLargeException;
import dev.poofbg.worker.storage.StorageException;
import dev.poofbg.worker.storage.StoredResult;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs one job to a terminal event. Idempotent per job id: a result already in storage is
 * re-announced, not recomputed. Each start is counted ({@link JobAttempts}): a job whose earlier
 * starts all ended the worker process is failed after {@code poof.worker.max-attempts} of them.
 * Anything that goes wrong while working on the image ends the job {@code failed} with a
 * customer-safe message; only failing to publish an event escapes, so that
 * the message is not acknowledged and the job is redelivered.
 */
@ApplicationScoped
public class JobProcessor {
    static final String INTERNAL_ERROR = "The image could not be processed because of an internal error";
    private static final Logger LOG = Logger.getLogger(JobProcessor.class);

    private final ImagePipeline pipeline;
    private final ObjectStorage storage;
    private final JobAttempts attempts;
    private final UrlFetcher fetcher;
    private final JobEventPublisher events;
    private final JobMetrics metrics;
    private final WorkerConfig config;
    private final Vertx vertx;
    private final Stages stages;

    public JobProcessor(ImagePipeline pipeline, ObjectStorage storage, JobAttempts attempts, UrlFetcher fetcher,
                        JobEventPublisher events, JobMetrics metrics, WorkerConfig config, Vertx vertx,
                        Stages stages) {
        this.pipeline = pipeline;
        this.storage = storage;
        this.attempts = attempts;
        this.fetcher = fetcher;
        this.events = events;
        this.metrics = metrics;
        this.config = config;
        this.vertx = vertx;
        this.stages = stages;
    }

    public void process(JobRequested job) {
        String jobId = job.jobId();
        String accountId = job.accountId();
        OutputOptions options = job.outputOptions();
        String resultKey = ObjectKeys.result(accountId, jobId, options.format().extension());
        // Both looked up while the input is read: a redelivered job's stored result is re-announced, not
        // recomputed; the start is counted before the image is touched.
        CompletableFuture<Optional<StoredResult>> storedLookup = inBackground(() -> storage.findResult(resultKey));
        CompletableFuture<Integer> starts = inBackground(() -> attempts.recordStart(job));
        // "processing" means a counted start. Not awaited: consumers of jobs.events only move a job forward.
        Object requestId = MDC.get(RequestIds.MDC_KEY); // the callback below runs on another thread
        Runnable announce = () -> events.send(JobEvent.processing(jobId, accountId, Instant.now()), requestId)
                .whenComplete((sent, failure) -> {
                    if (failure != null) {
                        LOG.warnf("job %s: processing event not delivered: %s", jobId, failure.toString());
                    }
                });
        starts.thenRun(announce);
        JobEvent terminal;
        try {
            terminal = run(job, resultKey, storedLookup, starts);
        } catch (InputRejectedException e) {
            // The customer sees the message; the cause (a fetch's I/O error, a decoder's complaint) is for operators.
            LOG.infof("job %s failed: %s%s", jobId, e.getMessage(),
                    e.getCause() == null ? "" : " (" + e.getCause() + ")");
            metrics.rejected();
            terminal = JobEvent.failed(jobId, accountId, FailureReason.INPUT, e.getMessage(), Instant.now());
        } catch (StorageException | RuntimeException | OutOfMemoryError e) {
            LOG.errorf(e, "job %s failed", jobId);
            metrics.failed();
            terminal = JobEvent.failed(jobId, accountId, FailureReason.INTERNAL, INTERNAL_ERROR, Instant.now());
        }
        events.publish(terminal);
        deleteInput(job);
        // A job refused before its count was needed may still be writing it.
        starts.handle((count, failure) -> count).join();
        attempts.forget(job);
    }

    private JobEvent run(JobRequested job, String resultKey, CompletableFuture<Optional<StoredResult>> storedLookup,
                         CompletableFuture<Integer> starts) throws InputRejectedException, StorageException {
        long start = System.nanoTime();
        Optional<byte[]> input = Optional.empty();
        InputRejectedException rejected = null;
        try {
            try (Stages.Stage ignored = stages.begin("input")) {
                input = readInput(job);
            }
        } catch (InputRejectedException e) {
            rejected = e;
        }
        Optional<StoredResult> stored = await(storedLookup);
        if (stored.isEmpty() && input.isEmpty() && rejected == null) {
            // Inputs are deleted only after a terminal event: another worker (a redelivery during a
            // rebalance) may have finished this job since the lookup. Its result then answers for both.
            stored = storage.findResult(resultKey);
        }
        if (stored.isPresent()) {
            LOG.infof("job %s: result already stored, announcing it again", job.jobId());
            metrics.reannounced();
            return completed(job, resultKey, stored.get());
        }
        if (rejected != null) {
            throw rejected;
        }
        if (input.isEmpty()) {
            throw new InputRejectedException("The uploaded image is no longer available");
        }
        // Counted before the image is touched: if this start ends the process, the next one knows.
        int startCount = await(starts);
        if (startCount > config.maxAttempts()) {
            LOG.errorf("job %s: started %d times, the previous %d ended without a result; failing it", job.jobId(),
                    startCount, startCount - 1);
            metrics.givenUp();
            return JobEvent.failed(job.jobId(), job.accountId(), FailureReason.GIVEN_UP,
                    "The image could not be processed: it stopped the worker " + (startCount - 1) + " times", Instant.now());
        }
        String backgroundUrl = job.outputOptions().bgImageUrl();
        byte[] background = null;
        if (backgroundUrl != null) {
            try (Stages.Stage ignored = stages.begin("input")) {
                background = fetcher.fetch("bg_image_url", backgroundUrl);
            }
        }
        CutoutResult cutout = pipeline.cutOut(input.get(), job.outputOptions(), background);
        long processingMs = (System.nanoTime() - start) / 1_000_000;
        Box box = cutout.foreground();
        StoredResult result = new StoredResult(new OutputResult(cutout.format(), cutout.width(), cutout.height(),
                cutout.bytes().length, new OutputResult.Foreground(box.top(), box.left(), box.width(), box.height())),
                processingMs);
        try (Stages.Stage ignored = stages.begin("store")) {
            // The thumbnail before the result: a redelivered job whose result is stored is announced completed again
            // without being recomputed, so a result must never be there without its thumbnail. Either write failing
            // (after ObjectStorage's retries) fails the job.
            storage.put(ObjectKeys.thumbnail(job.accountId(), job.jobId()), cutout.thumbnail(), "image/png");
            storage.putResult(resultKey, cutout.bytes(), result);
        }
        LOG.infof("job %s completed: %dx%d in %d ms", job.jobId(), cutout.width(), cutout.height(), processingMs);
        metrics.completed(processingMs);
        return completed(job, resultKey, result);
    }

    /** The image to process; empty when the upload is no longer in storage. */
    private Optional<byte[]> readInput(JobRequested job) throws InputRejectedException, StorageException {
        return job.imageUrl() != null ? Optional.of(fetcher.fetch(job.imageUrl())) : readUpload(job);
    }

    private <T> CompletableFuture<T> inBackground(Callable<T> storageCall) {
        return vertx.executeBlocking(storageCall, false).toCompletionStage().toCompletableFuture();
    }

    private static <T> T await(CompletableFuture<T> storageCall) throws StorageException {
        try {
            return storageCall.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StorageException storage) {
                throw storage;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private Optional<byte[]> readUpload(JobRequested job) throws InputRejectedException, StorageException {
        try {
            return storage.get(job.inputKey(), config.maxInputBytes());
        } catch (ObjectTooLargeException e) {
            throw new InputRejectedException("Image exceeds the maximum size of "
                    + config.maxInputBytes() / (1024 * 1024) + " MB");
        }
    }

    private static JobEvent completed(JobRequested job, String resultKey, StoredResult result) {
        return JobEvent.completed(job.jobId(), job.accountId(), resultKey, result.result(),
                result.processingMs(), Instant.now());
    }

    /** Inputs go once the job is terminal; a leftover is harmless, so failures are only logged. */
    private void deleteInput(JobRequested job) {
        if (job.inputKey() == null) {
            return;
        }
        try {
            storage.delete(job.inputKey());
        } catch (StorageException e) {
            LOG.warnf("job %s: could not delete input %s: %s", job.jobId(), job.inputKey(), e.getMessage());
        }
    }
}
