package dev.poofbg.gateway.errors;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.gateway.access.AccessControl;
import dev.poofbg.gateway.removal.InputConfig;
import dev.poofbg.gateway.removal.UploadValidator;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.regex.Pattern;

/**
 * Keeps the contract's error shape for what never reaches a resource: bodies over the limit (Quarkus
 * would answer a bare 413), routing failures, decoding errors, unknown routes. The order in which a
 * request meets routes, filters, resources and mappers is in docs/architecture.md.
 */
@ApplicationScoped
public class HttpErrorRoutes {

    private static final Logger LOG = Logger.getLogger(HttpErrorRoutes.class);

    /** Before every other route, management endpoints included. */
    private static final int FIRST = Integer.MIN_VALUE + 1;
    /** Encoded dots, slashes and backslashes, and NUL: what a path needs to step out of its prefix unseen. */
    private static final Pattern ENCODED_TRICKS = Pattern.compile("%(2e|2f|5c|00)", Pattern.CASE_INSENSITIVE);
    /** Just before Quarkus' own body-limit route (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT = -2). */
    private static final int BEFORE_UPLOAD_LIMIT = -3;
    private static final long MAPPER_GRACE_MILLIS = 200;

    private final long maxBodyBytes;
    private final ErrorBody tooLarge;
    private final RouteAnswers answers;

    public HttpErrorRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                           InputConfig input, RouteAnswers answers) {
        this.answers = answers;
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.tooLarge = UploadValidator.tooLarge(input.maxFileBytes()).body();
    }

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(this::refuseDotSegments);
        router.route().order(BEFORE_UPLOAD_LIMIT).handler(this::refuseDeclaredOversize);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
        router.route().order(Integer.MAX_VALUE).handler(ctx -> answers.send(ctx, 404, HttpErrors.bodyFor(404)));
    }

    /**
     * Vert.x routes on the normalised path, so {@code /v1/../q/metrics} or {@code /v1/%2e%2e/q/health} would reach a
     * management endpoint past the API's access filter. No legitimate path has a dot segment or an encoded dot,
     * slash, backslash or NUL: such a request is answered 404 before any routing.
     */
    private void refuseDotSegments(RoutingContext ctx) {
        String raw = ctx.request().path();
        if (raw != null && (ENCODED_TRICKS.matcher(raw).find() || raw.indexOf('\\') >= 0 || hasDotSegment(raw))) {
            LOG.debugf("refused a path with dot segments or encoded separators: %s", raw);
            answers.send(ctx, 404, HttpErrors.bodyFor(404));
            return;
        }
        ctx.next();
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
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
                answers.send(ctx, 400, HttpErrors.bodyFor(400));
                return;
            }
            if (declared > maxBodyBytes) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                if (AccessControl.isPublicApi(ctx.normalizedPath())) {
                    answers.refuseForCaller(ctx, 413, tooLarge);
                } else {
                    answers.send(ctx, 413, tooLarge);
                }
                return;
            }
        }
        ctx.next();
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
        if (malformedFraming(ctx)) {
            // A body the HTTP codec cannot frame (a bad chunk size...): the client's fault, and the connection's
            // remaining bytes mean nothing. Answer if the connection still can, then close it.
            LOG.debugf("malformed HTTP framing from a client: %s", ctx.failure());
            ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            answers.send(ctx, 400, HttpErrors.bodyFor(400));
            ctx.request().connection().close();
            return;
        }
        answer(ctx, ctx.statusCode(), ctx.failure());
    }

    private static boolean malformedFraming(RoutingContext ctx) {
        if (ctx.request().decoderResult() != null && ctx.request().decoderResult().isFailure()) {
            return true;
        }
        for (Throwable t = ctx.failure(); t != null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("io.netty.handler.codec.http.")) {
                    return true;
                }
            }
        }
        return false;
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
            answers.send(ctx, status, status == 503 ? HttpErrors.bodyFor(503) : HttpErrors.internalError(reference));
            return;
        }
        if (status == 413) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            ApiException routeRefusal = ctx.get(RouteAnswers.OVERSIZE_REFUSAL);
            if (routeRefusal != null) {
                answers.refuseForCaller(ctx, routeRefusal.code().httpStatus(), routeRefusal.body());
            } else {
                answers.send(ctx, 413, tooLarge);
            }
            return;
        }
        answers.send(ctx, status, HttpErrors.bodyFor(status));
    }
}
