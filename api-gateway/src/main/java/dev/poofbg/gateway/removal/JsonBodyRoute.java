package dev.poofbg.gateway.removal;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.gateway.errors.HttpErrors;
import dev.poofbg.gateway.errors.RouteAnswers;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads the JSON body of {@code POST /v1/remove-background} ({@code {"image_url": ...}}) with a bound of its own.
 * RESTEasy would answer a chunked JSON body over the request limit with a bare 413; read here, an overflow goes
 * through {@code HttpErrorRoutes} as {@code INVALID_REQUEST}, and RESTEasy uses this body instead of reading one.
 * A body without a {@code Content-Type} is neither of the endpoint's forms: 415 (RESTEasy would take it as JSON).
 */
@ApplicationScoped
public class JsonBodyRoute {

    /** After Quarkus' body-limit route (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT = -2), before RESTEasy Reactive. */
    private static final int AFTER_UPLOAD_LIMIT = -1;
    /** {"image_url": ...} with a URL of at most 2,048 characters never needs more. */
    static final int MAX_JSON_BYTES = 64 * 1024;
    private static final ApiException OVERSIZE = new ApiException(ErrorCode.INVALID_REQUEST,
            "JSON body exceeds " + MAX_JSON_BYTES / 1024 + " KB");

    private final RouteAnswers answers;

    public JsonBodyRoute(RouteAnswers answers) {
        this.answers = answers;
    }

    void install(@Observes Router router) {
        router.post("/v1/remove-background").order(AFTER_UPLOAD_LIMIT).handler(ctx -> {
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (type == null || type.isBlank()) {
                answers.refuseForCaller(ctx, 415, HttpErrors.bodyFor(415));
            } else {
                ctx.next();
            }
        });
        BodyHandler jsonBody = BodyHandler.create(false).setBodyLimit(MAX_JSON_BYTES);
        router.post("/v1/remove-background").consumes("application/json").order(AFTER_UPLOAD_LIMIT)
                .handler(ctx -> {
                    ctx.put(RouteAnswers.OVERSIZE_REFUSAL, OVERSIZE);
                    jsonBody.handle(ctx);
                })
                .handler(ctx -> {
                    // An empty body reads as "no body read" to RESTEasy, which would then wait for one.
                    if (ctx.body().length() <= 0) {
                        answers.refuseForCaller(ctx, 400, ErrorBody.of(ErrorCode.INVALID_REQUEST,
                                "Empty body: send {\"image_url\": \"https://...\"}"));
                    } else {
                        ctx.next();
                    }
                });
    }
}
