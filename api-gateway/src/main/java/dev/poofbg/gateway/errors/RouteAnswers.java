package dev.poofbg.gateway.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.common.error.RemoveBgErrors;
import dev.poofbg.gateway.access.AccessControl;
import dev.poofbg.gateway.access.RateLimitDecision;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Writes the contract's error bodies on Vert.x routes, which run before the REST layer and its
 * exception mappers. A route that reads a body with a bound of its own puts the refusal for an
 * overflow under {@link #OVERSIZE_REFUSAL}; {@link HttpErrorRoutes} answers with it.
 */
@ApplicationScoped
public class RouteAnswers {

    /** Routing-context key: the {@code ApiException} that answers a body over the route's own bound. */
    public static final String OVERSIZE_REFUSAL = RouteAnswers.class.getName() + ".oversize-refusal";

    private static final Logger LOG = Logger.getLogger(RouteAnswers.class);

    private final ObjectMapper mapper;
    private final AccessControl access;

    public RouteAnswers(ObjectMapper mapper, AccessControl access) {
        this.mapper = mapper;
        this.access = access;
    }

    /**
     * Refuses a public API request before the access filter has seen it (the body is refused while it is read).
     * The caller still learns first whether the key is good and where its window stands: 401 without a valid key,
     * 429 when the window is full, else this refusal, each with its headers. The body is not read meanwhile.
     */
    public void refuseForCaller(RoutingContext ctx, int status, ErrorBody refusal) {
        ctx.request().pause();
        Context context = Vertx.currentContext();
        access.admit(AccessControl.credentials(ctx.request()::getHeader))
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
                                String reference = HttpErrors.reference();
                                LOG.errorf(failure, "access check failed, reference %s", reference);
                                send(ctx, 500, HttpErrors.internalError(reference));
                            }
                        });
    }

    /** The error as JSON, unless the client left or an answer has begun (then the connection is cut). */
    public void send(RoutingContext ctx, int status, ErrorBody body) {
        HttpServerResponse response = ctx.response();
        if (response.closed()) {
            return; // the client went away
        }
        if (response.headWritten()) {
            // Too late for a body: cut the connection rather than send a truncated answer.
            ctx.request().connection().close();
            return;
        }
        if (AccessControl.isRemoveBgApi(ctx.normalizedPath())) {
            RemoveBgErrors.Refusal refusal = RemoveBgErrors.of(body);
            response.setStatusCode(refusal.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(encode(refusal.body()));
            return;
        }
        response.setStatusCode(HttpErrors.statusFor(status))
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(encode(body));
    }

    private String encode(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body always serialises", e);
        }
    }
}
