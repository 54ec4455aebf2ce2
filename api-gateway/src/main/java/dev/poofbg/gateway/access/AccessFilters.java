package dev.poofbg.gateway.access;

import dev.poofbg.common.billing.KeyIdentity;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Access control for the public API: every request under {@code /v1} is authenticated, then
 * counted against its account's rate limit, before routing (so unknown /v1 routes need a key
 * too) and before any body is read. Nothing here blocks: billing and Redis are asked reactively.
 */
public class AccessFilters {

    private static final String DECISION = AccessFilters.class.getName() + ".decision";

    private final AccessControl access;
    private final CurrentCaller caller;

    public AccessFilters(AccessControl access, CurrentCaller caller) {
        this.access = access;
        this.caller = caller;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        if (!AccessControl.isPublicApi(request.getUriInfo().getPath())) {
            return Uni.createFrom().nullItem();
        }
        Context requestContext = Vertx.currentContext();
        return access.admit(AccessControl.credentials(request::getHeaderString))
                // Billing and Redis answer on their own connections' threads: come back to this
                // request's context, where its CDI request scope (CurrentCaller) lives.
                .emitOn(command -> requestContext.runOnContext(ignored -> command.run()))
                .map(admission -> admit(request, admission.identity(), admission.decision()))
                .onFailure(ApiException.class).recoverWithItem(failure -> error((ApiException) failure, null));
    }

    /** Every authenticated response carries the window's state, whoever produced it (resource or mapper). */
    @ServerResponseFilter
    public void rateLimitHeaders(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateLimitDecision decision) {
            putHeaders(response.getHeaders(), decision);
            if (AccessControl.isRemoveBgApi(request.getUriInfo().getPath())) {
                response.getHeaders().putSingle(AccessControl.RESET_HEADER,
                        AccessControl.resetEpochSecond(decision, System.currentTimeMillis()));
            }
        }
    }

    private Response admit(ContainerRequestContext request, KeyIdentity identity, RateLimitDecision decision) {
        request.setProperty(DECISION, decision);
        if (!decision.allowed()) {
            return error(new ApiException(ErrorCode.RATE_LIMITED, "Too many requests, slow down"), decision);
        }
        caller.authenticate(identity);
        return null;
    }

    private static Response error(ApiException failure, RateLimitDecision decision) {
        Response.ResponseBuilder response = Response.status(failure.code().httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(failure.body());
        if (decision != null) {
            AccessControl.headers(decision).forEach(response::header);
        }
        return response.build();
    }

    private static void putHeaders(MultivaluedMap<String, Object> headers, RateLimitDecision decision) {
        AccessControl.headers(decision).forEach(headers::putSingle);
    }
}
