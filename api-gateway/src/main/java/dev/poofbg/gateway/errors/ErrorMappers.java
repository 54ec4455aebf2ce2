package dev.poofbg.gateway.errors;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.gateway.dashboard.DashboardErrorPages;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;

/**
 * Every exception that leaves a resource or filter becomes the contract's error JSON. Unexpected
 * faults are logged with a reference the client also sees; no stack trace reaches a client.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    private static final String MULTIPART_PARSER = "org.jboss.resteasy.reactive.server.core.multipart.";

    @ServerExceptionMapper
    public Response api(ApiException e) {
        if (e.code().httpStatus() >= 500) {
            LOG.warnf("answering %s: %s", e.code(), e.getMessage());
        }
        if (e.code() == ErrorCode.IDEMPOTENCY_KEY_IN_USE) {
            // The first request with the key is being accepted: it will be done in a moment.
            return Response.status(e.code().httpStatus()).type(MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.RETRY_AFTER, 1).entity(e.body()).build();
        }
        return response(e.code().httpStatus(), e.body());
    }

    /** The framework's own refusals (404, 405, 406, 415, malformed bodies...) keep their status. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status == 404 && DashboardErrorPages.isDashboard(uri.getPath())) {
            return DashboardErrorPages.notFound();
        }
        if (status >= 500 && status != 503) {
            return unexpected(e);
        }
        return response(HttpErrors.statusFor(status), HttpErrors.bodyFor(status));
    }

    /**
     * The application wraps its own I/O failures; a bare IOException here comes from reading the
     * request body: a malformed or truncated multipart body, or a client that went away.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        LOG.debugf("unreadable request body: %s", e.getMessage());
        return response(400, ErrorBody.of(ErrorCode.INVALID_REQUEST, "Malformed request body"));
    }

    /**
     * RESTEasy's multipart parser refuses a form of more than {@code quarkus.http.limits.max-parameters} parts with
     * a bare RuntimeException (quarkus#54681, answered 400 by later Quarkus releases): a client error, not a fault.
     */
    @ServerExceptionMapper
    public Response tooManyParts(RuntimeException e) {
        if (e.getClass() == RuntimeException.class && e.getMessage() != null
                && e.getMessage().startsWith("Param limit of ")) {
            return response(400, ErrorBody.of(ErrorCode.INVALID_REQUEST,
                    "Too many form fields: send the image as the single file part 'file'"));
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (fromBodyParser(e)) {
            // The multipart parser's own failures (a part header line without a colon, a base64 part that is not
            // base64...) come as bare runtime exceptions: the body is malformed, the server is fine.
            LOG.debugf("malformed request body: %s", e.toString());
            return response(400, ErrorBody.of(ErrorCode.INVALID_REQUEST, "Malformed request body"));
        }
        String reference = HttpErrors.reference();
        LOG.errorf(e, "unexpected failure, reference %s", reference);
        return response(500, HttpErrors.internalError(reference));
    }

    private static boolean fromBodyParser(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith(MULTIPART_PARSER)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Response response(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
