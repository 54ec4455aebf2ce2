package dev.poofbg.billing.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.common.error.ErrorCode;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Objects;

/**
 * Turns every failure, ours or the framework's, into the contract's error body. Server faults are
 * logged here with their stack trace and reach the client only as a generic message.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.code().httpStatus(), e.body());
    }

    // A body that parses but does not fit the request type; Quarkus's own mapper for it would not
    // use the contract's shape. Unparseable JSON arrives as a 400 WebApplicationException instead.
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        String field = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                .filter(Objects::nonNull).reduce((outer, inner) -> outer + "." + inner).orElse(null);
        return field == null ? invalidJson()
                : respond(400, ErrorBody.of(ErrorCode.INVALID_REQUEST, field + " has the wrong type"));
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException) {
            return invalidJson();
        }
        ErrorCode code;
        String message;
        switch (status) {
            case 401 -> { code = ErrorCode.UNAUTHORIZED; message = "Unauthorized"; }
            case 404 -> { code = ErrorCode.NOT_FOUND; message = "Not found"; }
            case 405 -> { code = ErrorCode.INVALID_REQUEST; message = "Method not allowed"; }
            case 406 -> { code = ErrorCode.INVALID_REQUEST; message = "Only application/json responses are available"; }
            case 413 -> { code = ErrorCode.INVALID_REQUEST; message = "Request body too large"; }
            case 415 -> { code = ErrorCode.INVALID_REQUEST; message = "Content-Type must be application/json"; }
            case 503 -> { code = ErrorCode.SERVICE_UNAVAILABLE; message = "Service unavailable"; }
            default -> {
                if (status >= 500) {
                    LOG.error("Request failed", e);
                    code = ErrorCode.INTERNAL_ERROR;
                    message = "Internal error";
                } else {
                    code = ErrorCode.INVALID_REQUEST;
                    message = "Invalid request";
                }
            }
        }
        return respond(status, ErrorBody.of(code, message));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure", e);
        return respond(500, ErrorBody.of(ErrorCode.INTERNAL_ERROR, "Internal error"));
    }

    private static Response invalidJson() {
        return respond(400, ErrorBody.of(ErrorCode.INVALID_REQUEST, "Malformed JSON body"));
    }

    private static Response respond(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
