package dev.poofbg.gateway.removal;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.gateway.errors.HttpErrors;
import dev.poofbg.gateway.errors.RouteAnswers;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the JSON body of {@code POST /v1/remove-background} ({@code {"image_url": ...}}) with a bound of its own, and
 * that of {@code POST /v1.0/removebg} (which may carry a base64 image) within the request limit.
 * RESTEasy would answer a chunked JSON body over the request limit with a bare 413; read here, an overflow goes
 * through {@code HttpErrorRoutes} as the endpoint's refusal, and RESTEasy uses this body instead of reading one.
 * A body without a {@code Content-Type} is none of the endpoints' forms: 415 (RESTEasy would take it as JSON).
 */
@ApplicationScoped
public class JsonBodyRoute {

    /** After Quarkus' body-limit route (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT = -2), before RESTEasy Reactive. */
    private static final int AFTER_UPLOAD_LIMIT = -1;
    /** {"image_url": ...} with a URL of at most 2,048 characters never needs more. */
    static final int MAX_JSON_BYTES = 64 * 1024;
    private static final ApiException OVERSIZE = new ApiException(ErrorCode.INVALID_REQUEST,
            "JSON body exceeds " + MAX_JSON_BYTES / 1024 + " KB");

    private static final String REMOVEBG = "/v1.0/removebg";

    private final RouteAnswers answers;
    private final long maxBodyBytes;
    private final ApiException tooLarge;

    public JsonBodyRoute(RouteAnswers answers,
                         @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                         InputConfig input) {
        this.answers = answers;
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.tooLarge = UploadValidator.tooLarge(input.maxFileBytes());
    }

    void install(@Observes Router router) {
        install(router, "/v1/remove-background", MAX_JSON_BYTES, OVERSIZE, "Empty body: send {\"image_url\": \"https://...\"}");
        install(router, REMOVEBG, maxBodyBytes, tooLarge, "Empty body: send image_file_b64 or image_url");
    }

    private void install(Router router, String path, long limit, ApiException oversize, String empty) {
        router.post(path).order(AFTER_UPLOAD_LIMIT).handler(ctx -> {
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (type == null || type.isBlank()) {
                answers.refuseForCaller(ctx, 415, HttpErrors.bodyFor(415));
            } else {
                ctx.next();
            }
        });
        BodyHandler jsonBody = BodyHandler.create(false).setBodyLimit(limit);
        router.post(path).consumes("application/json").order(AFTER_UPLOAD_LIMIT)
                .handler(ctx -> {
                    ctx.put(RouteAnswers.OVERSIZE_REFUSAL, oversize);
                    jsonBody.handle(ctx);
                })
                .handler(ctx -> {
                    // An empty body reads as "no body read" to RESTEasy, which would then wait for one.
                    if (ctx.body().length() <= 0) {
                        answers.refuseForCaller(ctx, 400, ErrorBody.of(ErrorCode.INVALID_REQUEST, empty));
                    } else {
                        ctx.next();
                    }
                });
    }
}
