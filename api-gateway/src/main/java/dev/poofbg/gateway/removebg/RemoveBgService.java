package dev.poofbg.gateway.removebg;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.events.FailureReason;
import dev.poofbg.common.events.JobStatus;
import dev.poofbg.common.output.OutputResult;
import dev.poofbg.common.storage.ObjectKeys;
import dev.poofbg.gateway.jobs.JobInput;
import dev.poofbg.gateway.jobs.JobView;
import dev.poofbg.gateway.jobs.Submission;
import dev.poofbg.gateway.removal.InputConfig;
import dev.poofbg.gateway.removal.RemovalService;
import dev.poofbg.gateway.removal.UploadValidator;
import dev.poofbg.gateway.storage.ObjectStorage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * One remove.bg-style removal: an ordinary job (same credit, rate limit, validation, ledger and job list), waited for
 * synchronously up to {@code poof.removebg.wait-timeout}, answered with the result itself (or remove.bg's JSON) and
 * remove.bg's headers.
 */
@ApplicationScoped
public class RemoveBgService {

    static final String JOB_ID_HEADER = "X-Job-Id";
    static final String WITHOUT_EFFECT_HEADER = "X-Ignored-Parameters";
    private static final String DATA_URI = "data:";

    private final RemovalService removals;
    private final UploadValidator uploads;
    private final ObjectStorage storage;
    private final InputConfig input;
    private final RemoveBgConfig config;
    private final Vertx vertx;
    private final Path uploadsDirectory;

    public RemoveBgService(RemovalService removals, UploadValidator uploads, ObjectStorage storage, InputConfig input,
                           RemoveBgConfig config, Vertx vertx,
                           @ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploadsDirectory) {
        this.removals = removals;
        this.uploads = uploads;
        this.storage = storage;
        this.input = input;
        this.config = config;
        this.vertx = vertx;
        this.uploadsDirectory = Path.of(uploadsDirectory);
    }

    public Uni<Response> remove(String accountId, RemoveBgParameters.Request request, boolean json) {
        // Reading a header, decoding base64 and writing it to disk are blocking: off the event loop.
        return vertx.executeBlocking(Uni.createFrom().item(() -> submission(request)), false)
                .chain(submission -> removals.submit(accountId, submission, config.waitTimeout()))
                .chain(outcome -> answer(accountId, outcome, request, json));
    }

    private Submission submission(RemoveBgParameters.Request request) {
        JobInput jobInput;
        if (request.source() instanceof RemoveBgParameters.Source.File file) {
            jobInput = checked(uploads.validate(file.path(), file.size()), request);
        } else if (request.source() instanceof RemoveBgParameters.Source.Base64 base64) {
            jobInput = decoded(base64.text(), request);
        } else {
            jobInput = new JobInput.Url(((RemoveBgParameters.Source.Url) request.source()).url());
        }
        return new Submission(jobInput, request.options(), null);
    }

    private static JobInput.Upload checked(JobInput.Upload upload, RemoveBgParameters.Request request) {
        RemoveBgParameters.checkRegion(request.options(), upload.header().width(), upload.header().height());
        return upload;
    }

    /** The base64 image (a data URI's payload too) in a file of its own, checked as an upload is. */
    private JobInput.Upload decoded(String text, RemoveBgParameters.Request request) {
        String payload = text.startsWith(DATA_URI) && text.indexOf(',') > 0 ? text.substring(text.indexOf(',') + 1)
                : text;
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw RemoveBgRefusal.invalid("image_file_b64 is not valid base64");
        }
        if (bytes.length > input.maxFileBytes()) {
            throw UploadValidator.tooLarge(input.maxFileBytes());
        }
        Path file;
        try {
            Files.createDirectories(uploadsDirectory);
            file = Files.createTempFile(uploadsDirectory, "b64-", ".upload");
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not buffer a base64 image", e);
        }
        try {
            return checked(uploads.validate(file, bytes.length), request);
        } catch (RuntimeException e) {
            discard(file);
            throw e;
        }
    }

    private static void discard(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the uploads directory is swept when requests end; nothing else holds this file
        }
    }

    private Uni<Response> answer(String accountId, RemovalService.Outcome outcome, RemoveBgParameters.Request request,
                                 boolean json) {
        JobView job = outcome.job();
        if (!outcome.finished()) {
            throw new RemoveBgRefusal(503, "Timeout", "timeout", "The image is still being processed after "
                    + config.waitTimeout().toSeconds() + " s; its job " + job.id() + " goes on: poll GET /v1/jobs/"
                    + job.id(), Map.of(JOB_ID_HEADER, job.id()));
        }
        if (job.status() == JobStatus.FAILED) {
            Map<String, String> headers = Map.of(JOB_ID_HEADER, job.id(), "X-Credits-Charged", "0");
            if (FailureReason.INPUT.wireName().equals(outcome.failureReason())) {
                throw new RemoveBgRefusal(400, "Failed to process the image", "unprocessable_image", job.error(),
                        headers);
            }
            throw new RemoveBgRefusal(503, "Processing failed", "processing_failed", job.error()
                    + "; no credit was used, retry shortly", headers);
        }
        OutputResult result = job.result();
        return storage.read(ObjectKeys.result(accountId, job.id(), result.format().extension()))
                .onFailure().transform(failure -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                        "The result of job " + job.id() + " cannot be read now: it is at GET /v1/jobs/" + job.id()))
                .map(bytes -> {
                    OutputResult.Foreground box = result.foreground();
                    Response.ResponseBuilder response = json
                            ? Response.ok(new RemoveBgViews.Result(new RemoveBgViews.Data(
                                    Base64.getEncoder().encodeToString(bytes), box.top(), box.left(), box.width(),
                                    box.height()))).type(MediaType.APPLICATION_JSON_TYPE)
                            : Response.ok(bytes).type(result.format().mediaType());
                    response.header("X-Type", request.type())
                            .header("X-Width", result.width())
                            .header("X-Height", result.height())
                            .header("X-Credits-Charged", job.creditsUsed())
                            .header("X-Foreground-Top", box.top())
                            .header("X-Foreground-Left", box.left())
                            .header("X-Foreground-Width", box.width())
                            .header("X-Foreground-Height", box.height())
                            .header(JOB_ID_HEADER, job.id());
                    if (!request.withoutEffect().isEmpty()) {
                        response.header(WITHOUT_EFFECT_HEADER, String.join(", ", request.withoutEffect()));
                    }
                    return response.build();
                });
    }
}
