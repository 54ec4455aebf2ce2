package dev.poofbg.gateway.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.gateway.access.AccessControl;
import dev.poofbg.gateway.access.RateLimitDecision;
import dev.poofbg.gateway.removal.InputConfig;
import dev.poofbg.gateway.removal.UploadValidator;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the contract's error shape for what never reaches a resource: bodies over the limit (Quarkus
 * would answer a bare 413), routing failures, decoding errors, unknown routes.
 */
@ApplicationScoped
public class HttpErrorRoutes {

    private static final Logger LOG = Logger.getLogger(HttpErrorRoutes.class);

    /** Just before Quarkus' own body-limit route (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT = -2). */
    private static final int BEFORE_UPLOAD_LIMIT = -3;
    /** After it, before RESTEasy Reactive, which uses a body read here instead of reading its own. */
    private static final int AFTER_UPLOAD_LIMIT = -1;
    /** {"image_url": ...} with a URL of at most 2,048 characters never needs more. */
    static final int MAX_JSON_BYTES = 64 * 1024;
    private static final String JSON_BODY = HttpErrorRoutes.class.getName() + ".json-body";
    private static final long MAPPER_GRACE_MILLIS = 200;

    private final long maxBodyBytes;
    private final ErrorBody tooLarge;
    private final ObjectMapper mapper;
    private final AccessControl access;

    public HttpErrorRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                           InputConfig input, ObjectMapper mapper, AccessControl access) {
        this.access = access;
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.tooLarge = UploadValidator.tooLarge(input.maxFileBytes()).body();
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        router.route().order(BEFORE_UPLOAD_LIMIT).handler(this::refuseDeclaredOversize);
        // RESTEasy answers a chunked JSON body over the limit with a bare 413 of its own; reading it
        // here, bounded, routes the overflow through failure() instead.
        BodyHandler jsonBody = BodyHandler.create(false).setBodyLimit(MAX_JSON_BYTES);
        router.post("/v1/remove-background").consumes("application/json").order(AFTER_UPLOAD_LIMIT)
                .handler(ctx -> {
                    ctx.put(JSON_BODY, true);
                    jsonBody.handle(ctx);
                })
                .handler(ctx -> {
                    // An empty body reads as "no body read" to RESTEasy, which would then wait for one.
                    if (ctx.body().length() <= 0) {
                        refuseForCaller(ctx, 400, ErrorBody.of(ErrorCode.INVALID_REQUEST,
                                "Empty body: send {\"image_url\": \"https://...\"}"));
                    } else {
                        ctx.next();
                    }
                });
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
        router.route().order(Integer.MAX_VALUE).handler(ctx -> send(ctx, 404, HttpErrors.bodyFor(404)));
    }

    /**
     * A declared Content-Length over the limit is refused before a byte of the body is read; the
     * connection is then closed so the client stops sending. Chunked bodies are counted as they
     * arrive by Quarkus, which fails the request with 413 once they pass the limit (see failure()).
     */
    private void refuseDeclaredOversize(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                send(ctx, 400, HttpErrors.bodyFor(400));
                return;
            }
            if (declared > maxBodyBytes) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                if (AccessControl.isPublicApi(ctx.normalizedPath())) {
                    refuseForCaller(ctx, 413, tooLarge);
                } else {
                    send(ctx, 413, tooLarge);
                }
                return;
            }
        }
        ctx.next();
    }

    /**
     * Refuses a public API request before the access filter has seen it (the body is refused while it is read).
     * The caller still learns first whether the key is good and where its window stands: 401 without a valid key,
     * 429 when the window is full, else this refusal, each with its headers. The body is not read meanwhile.
     */
    private void refuseForCaller(RoutingContext ctx, int status, ErrorBody refusal) {
        ctx.request().pause();
        Context context = Vertx.currentContext();
        access.admit(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
                .emitOn(command -> context.runOnContext(ignored -> command.run()))
                .subscribe().with(
                        admission -> {
                            RateLimitDecision decision = admission.decision();
                            AccessControl.headers(decision).forEach((name, value) ->
                                    ctx.response().putHeader(name, String.valueOf(value)));
                            if (decision.allowed()) {
                                send(ctx, status, refusal);
                            } else {
                                send(ctx, 429, HttpErrors.bodyFor(429));
                            }
                        },
                        failure -> {
                            if (failure instanceof ApiException accessRefusal) {
                                send(ctx, accessRefusal.code().httpStatus(), accessRefusal.body());
                            } else {
                                answer(ctx, 500, failure);
                            }
                        });
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().ended()) {
            // Already answered (the exception mappers saw the same failure): nothing left to say.
            LOG.debugf(ctx.failure(), "failure after the answer to %s", ctx.request().path());
            stopReading(ctx);
            return;
        }
        if (ctx.failure() instanceof WebApplicationException refusal && refusal.getResponse() != null) {
            // RESTEasy's multipart parser hands its refusal both to the request, which the exception mappers
            // answer, and to the router: answer here only if the mappers have not.
            ctx.vertx().setTimer(MAPPER_GRACE_MILLIS, timer -> {
                if (ctx.response().headWritten()) {
                    stopReading(ctx);
                } else {
                    answer(ctx, refusal.getResponse().getStatus(), refusal);
                }
            });
            return;
        }
        if (ctx.failure() instanceof HttpClosedException) {
            LOG.debugf("client went away: %s", ctx.request().path());
            return; // nobody left to answer
        }
        answer(ctx, ctx.statusCode(), ctx.failure());
    }

    /** A client still sending a refused body is cut off once it has its answer. */
    private static void stopReading(RoutingContext ctx) {
        if (!ctx.request().isEnded()) {
            ctx.request().connection().close();
        }
    }

    private void answer(RoutingContext ctx, int status, Throwable failure) {
        if (status < 400) {
            status = 500;
        }
        if (status >= 500) {
            String reference = HttpErrors.reference();
            LOG.errorf(failure, "request failed with %d, reference %s", status, reference);
            send(ctx, status, status == 503 ? HttpErrors.bodyFor(503) : HttpErrors.internalError(reference));
            return;
        }
        if (status == 413) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            if (ctx.get(JSON_BODY) != null) {
                refuseForCaller(ctx, 400, ErrorBody.of(ErrorCode.INVALID_REQUEST,
                        "JSON body exceeds " + MAX_JSON_BYTES / 1024 + " KB"));
            } else {
                send(ctx, 413, HttpErrors.entityTooLarge(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH),
                        maxBodyBytes, tooLarge));
            }
            return;
        }
        send(ctx, status, HttpErrors.bodyFor(status));
    }

    private void send(RoutingContext ctx, int status, ErrorBody body) {
        HttpServerResponse response = ctx.response();
        if (response.closed()) {
            return; // the client went away
        }
        if (response.headWritten()) {
            // Too late for a body: cut the connection rather than send a truncated answer.
            ctx.request().connection().close();
            return;
        }
        response.setStatusCode(HttpErrors.statusFor(status))
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(encode(body));
    }

    private String encode(ErrorBody body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body always serialises", e);
        }
    }
}
