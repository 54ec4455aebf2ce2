package dev.poofbg.gateway.errors;

import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.error.StatusErrors;
import dev.poofbg.common.logging.RequestIds;
import org.jboss.logging.MDC;

/** The contract error for a bare HTTP status, for failures that carry no code of their own. */
public final class HttpErrors {

    private HttpErrors() {
    }

    /** {@link StatusErrors}' table, with what a caller of the public API needs to hear instead. */
    public static ErrorBody bodyFor(int status) {
        return switch (status) {
            case 401 -> ErrorBody.of(ErrorCode.UNAUTHORIZED, "Missing or invalid API key");
            case 413 -> ErrorBody.of(ErrorCode.FILE_TOO_LARGE, "Request body exceeds the 10 MB limit");
            case 415 -> ErrorBody.of(ErrorCode.INVALID_REQUEST,
                    "Unsupported media type: send multipart/form-data or application/json");
            default -> status >= 500 && status != 503 ? internalError(reference()) : StatusErrors.forStatus(status);
        };
    }

    /** The body status a bare HTTP status is answered with (413 becomes the contract's 400). */
    public static int statusFor(int status) {
        return status == 413 ? ErrorCode.FILE_TOO_LARGE.httpStatus() : status;
    }

    public static ErrorBody internalError(String reference) {
        return ErrorBody.of(ErrorCode.INTERNAL_ERROR, "Internal error (reference " + reference + ")");
    }

    /** What a 5xx body quotes: the request's id (also in every log line about it), else a one-off reference. */
    public static String reference() {
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        return requestId != null ? requestId.toString() : RequestIds.create();
    }
}
