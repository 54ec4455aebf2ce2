package dev.poofbg.gateway.removal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.gateway.access.CurrentCaller;
import dev.poofbg.gateway.idempotency.RequestKey;
import dev.poofbg.gateway.jobs.JobInput;
import dev.poofbg.gateway.jobs.JobView;
import dev.poofbg.gateway.jobs.Submission;
import dev.poofbg.gateway.openapi.ApiDocs;
import dev.poofbg.gateway.webhooks.WebhookService;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * POST /v1/remove-background, as a multipart upload or as JSON with an image URL. Answers 200 with
 * the finished job, or 202 with a pending/processing one after the wait window.
 */
@Path("/v1/remove-background")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Background removal")
@SecurityRequirement(name = ApiDocs.BEARER)
public class RemoveBackgroundResource {

    private static final String WEBHOOK_URL = "webhook_url";
    private static final String FORMAT_DOC = "png; webp (lossless, with alpha); jpg (no alpha, flattened onto bg_color)";
    private static final String CHANNELS_DOC = "rgba (the cut-out) or alpha (the mask alone, 8-bit grey)";
    private static final String BG_COLOR_DOC = "#rgb, #rrggbb, #rrggbbaa or a CSS colour name: the result is"
            + " composited onto it; white for jpg";
    private static final String CROP_DOC = "Crop to the subject's box";
    private static final String CROP_MARGIN_DOC = "Around the crop: pixels (30, at most 500) or a percentage of the"
            + " subject's box (10%, at most 50%)";
    private static final String SIZE_DOC = "preview (at most 0.25 MP), medium (1.5 MP), hd (4 MP) or full";
    private static final String WEBHOOK_URL_DOC = "Optional https URL told when this job finishes (job.completed or"
            + " job.failed), signed with the account's request secret; see docs/webhooks.md";
    private static final String IDEMPOTENCY_KEY = "Optional, 1 to 255 printable ASCII characters: a retry with the same"
            + " key and the same request gets the same job (no second charge); see docs/api.md";

    private final RemovalService removals;
    private final UploadValidator uploads;
    private final ImageUrlParser urls;
    private final WebhookService webhooks;
    private final CurrentCaller caller;
    private final Vertx vertx;

    public RemoveBackgroundResource(RemovalService removals, UploadValidator uploads, ImageUrlParser urls,
                                    WebhookService webhooks, CurrentCaller caller, Vertx vertx) {
        this.removals = removals;
        this.uploads = uploads;
        this.urls = urls;
        this.webhooks = webhooks;
        this.caller = caller;
        this.vertx = vertx;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(operationId = "removeBackgroundUpload", summary = "Remove the background of an uploaded image",
            description = "JPEG, PNG or WebP (recognised by content, not by the declared type), at most 10 MB. "
                    + "Waits up to 30 s for the result.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = UploadForm.class)))
    @APIResponse(responseCode = "200", description = "Finished (completed or failed)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "202", description = "Still pending or processing; poll GET /v1/jobs/{id}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "402", ref = ApiDocs.INSUFFICIENT_CREDITS)
    @APIResponse(responseCode = "409", ref = ApiDocs.IDEMPOTENCY_KEY_IN_USE)
    @APIResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public Uni<RestResponse<JobView>> upload(@RestForm(FileUpload.ALL) List<FileUpload> files,
                                             MultipartFormDataInput form,
                                             @Parameter(description = IDEMPOTENCY_KEY) @RestHeader(RequestKey.HEADER)
                                             String idempotencyKey) {
        String accountId = caller.accountId();
        String key = RequestKey.validate(idempotencyKey);
        Map<String, Collection<FormValue>> fields = form.getValues();
        OutputOptionFields.refuseUnknown(fields.keySet(), List.of(UploadValidator.FIELD, WEBHOOK_URL));
        OutputOptions options = OutputOptionFields.parse(name -> text(fields, name));
        String webhookUrl = text(fields, WEBHOOK_URL);
        return webhookTarget(accountId, webhookUrl)
                // Reading the header (and hashing the file for a key) is file I/O: off the event loop.
                .chain(() -> vertx.executeBlocking(Uni.createFrom().item(() -> {
                    JobInput.Upload upload = uploads.validate(files);
                    return new Prepared(new Submission(upload, options, webhookUrl),
                            key == null ? null : RequestKey.forUpload(key, upload.file(), options, webhookUrl));
                }), false))
                .chain(prepared -> prepared.key() == null
                        ? removals.submit(accountId, prepared.submission())
                        : removals.submit(accountId, prepared.submission(), prepared.key()))
                .map(RemoveBackgroundResource::respond);
    }

    private record Prepared(Submission submission, RequestKey key) {
    }

    /** A text field's value; null when absent, refused when sent as a file or twice. */
    private static String text(Map<String, Collection<FormValue>> fields, String name) {
        return textField(fields, name, message -> new ApiException(ErrorCode.INVALID_REQUEST, message));
    }

    /** A text field of a multipart form; null when absent, {@code refusal} of a message when sent as a file or twice. */
    public static String textField(Map<String, Collection<FormValue>> fields, String name,
                                   Function<String, RuntimeException> refusal) {
        Collection<FormValue> values = fields.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        FormValue value = values.iterator().next();
        if (values.size() > 1 || value.isFileItem()) {
            throw refusal.apply("Send " + name + " once, as a text field");
        }
        return value.getValue();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "removeBackgroundUrl", summary = "Remove the background of an image at a URL",
            description = "JPEG or PNG over http or https. An unreachable or unsupported URL may still be "
                    + "accepted and end as a failed job (credit refunded).")
    @APIResponse(responseCode = "200", description = "Finished (completed or failed)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "202", description = "Still pending or processing; poll GET /v1/jobs/{id}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "402", ref = ApiDocs.INSUFFICIENT_CREDITS)
    @APIResponse(responseCode = "409", ref = ApiDocs.IDEMPOTENCY_KEY_IN_USE)
    @APIResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ImageUrlRequest.class)))
    public Uni<RestResponse<JobView>> fromUrl(
            RoutingContext context,
            @Parameter(description = IDEMPOTENCY_KEY) @RestHeader(RequestKey.HEADER) String idempotencyKey) {
        String accountId = caller.accountId();
        String key = RequestKey.validate(idempotencyKey);
        // JsonBodyRoute has read the body; RESTEasy's byte[] reader garbles a pre-read body over 16 KB.
        ImageUrlParser.UrlRequest request = urls.parse(context.body().buffer().getBytes());
        Submission submission = new Submission(request.input(), request.options(), request.webhookUrl());
        return webhookTarget(accountId, request.webhookUrl())
                .chain(() -> key == null
                        ? removals.submit(accountId, submission)
                        : removals.submit(accountId, submission,
                        RequestKey.forUrl(key, request.input().url(), request.options(), request.webhookUrl())))
                .map(RemoveBackgroundResource::respond);
    }

    /** A request's own webhook_url is checked before anything is charged. */
    private Uni<Void> webhookTarget(String accountId, String webhookUrl) {
        return webhookUrl == null
                ? Uni.createFrom().voidItem()
                : webhooks.checkRequestTarget(accountId, webhookUrl).replaceWithVoid();
    }

    private static RestResponse<JobView> respond(RemovalService.Outcome outcome) {
        return outcome.finished() ? RestResponse.ok(outcome.job()) : RestResponse.accepted(outcome.job());
    }

    /** Documentation only: the multipart form. */
    @Schema(name = "UploadForm")
    public static class UploadForm {
        @Schema(type = SchemaType.STRING, format = "binary", required = true, description = "JPEG, PNG or WebP, at most 10 MB")
        public String file;
        @Schema(name = WEBHOOK_URL, description = WEBHOOK_URL_DOC)
        public String webhookUrl;
        @Schema(enumeration = {"png", "webp", "jpg"}, defaultValue = "png", description = FORMAT_DOC)
        public String format;
        @Schema(enumeration = {"rgba", "alpha"}, defaultValue = "rgba", description = CHANNELS_DOC)
        public String channels;
        @Schema(name = "bg_color", description = BG_COLOR_DOC)
        public String bgColor;
        @Schema(enumeration = {"true", "false"}, defaultValue = "false", description = CROP_DOC)
        public String crop;
        @Schema(name = "crop_margin", defaultValue = "0", description = CROP_MARGIN_DOC)
        public String cropMargin;
        @Schema(enumeration = {"preview", "medium", "hd", "full"}, defaultValue = "full", description = SIZE_DOC)
        public String size;
    }

    /** Documentation only: the JSON body. */
    @Schema(name = "ImageUrlRequest")
    public record ImageUrlRequest(
            @JsonProperty("image_url") @Schema(required = true, examples = "https://example.com/photo.jpg",
                    description = "http or https URL of a JPEG or PNG, at most 2048 characters") String imageUrl,
            @JsonProperty(WEBHOOK_URL) @Schema(description = WEBHOOK_URL_DOC) String webhookUrl,
            @Schema(enumeration = {"png", "webp", "jpg"}, defaultValue = "png", description = FORMAT_DOC) String format,
            @Schema(enumeration = {"rgba", "alpha"}, defaultValue = "rgba", description = CHANNELS_DOC) String channels,
            @JsonProperty("bg_color") @Schema(description = BG_COLOR_DOC) String bgColor,
            @Schema(defaultValue = "false", description = CROP_DOC) Boolean crop,
            @JsonProperty("crop_margin") @Schema(defaultValue = "0", description = CROP_MARGIN_DOC) String cropMargin,
            @Schema(enumeration = {"preview", "medium", "hd", "full"}, defaultValue = "full", description = SIZE_DOC)
            String size) {
    }
}
