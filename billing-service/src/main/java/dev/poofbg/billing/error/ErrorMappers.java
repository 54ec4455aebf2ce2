package dev.poofbg.billing.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.error.StatusErrors;
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
        if (status >= 500 && status != 503) {
            LOG.error("Request failed", e);
        }
        return respond(status, StatusErrors.forStatus(status));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure", e);
        return respond(500, StatusErrors.forStatus(500));
    }

    private static Response invalidJson() {
        return respond(400, ErrorBody.of(ErrorCode.INVALID_REQUEST, "Malformed JSON body"));
    }

    private static Response respond(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
