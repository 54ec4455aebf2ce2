package dev.poofbg.common.error;

/**
 * The contract's error body for a bare HTTP status: refusals that carry no code of their own, such as
 * the framework's 404, 405 or 415, or a status a proxy in between answered with.
 */
public final class StatusErrors {

    private StatusErrors() {
    }

    public static ErrorBody forStatus(int status) {
        return switch (status) {
            case 400 -> ErrorBody.of(ErrorCode.INVALID_REQUEST, "Malformed request");
            case 401 -> ErrorBody.of(ErrorCode.UNAUTHORIZED, "Missing or invalid credentials");
            case 403 -> ErrorBody.of(ErrorCode.FORBIDDEN, "Forbidden");
            case 404 -> ErrorBody.of(ErrorCode.NOT_FOUND, "Not found");
            case 405 -> ErrorBody.of(ErrorCode.INVALID_REQUEST, "Method not allowed");
            case 406 -> ErrorBody.of(ErrorCode.INVALID_REQUEST, "Not acceptable: responses are application/json");
            case 413 -> ErrorBody.of(ErrorCode.INVALID_REQUEST, "Request body too large");
            case 414 -> ErrorBody.of(ErrorCode.INVALID_REQUEST, "URI too long");
            case 415 -> ErrorBody.of(ErrorCode.INVALID_REQUEST, "Unsupported media type");
            case 429 -> ErrorBody.of(ErrorCode.RATE_LIMITED, "Too many requests, slow down");
            case 431 -> ErrorBody.of(ErrorCode.INVALID_REQUEST, "Request headers too large");
            case 503 -> ErrorBody.of(ErrorCode.SERVICE_UNAVAILABLE, "Service temporarily unavailable");
            default -> status >= 500
                    ? ErrorBody.of(ErrorCode.INTERNAL_ERROR, "Internal error")
                    : ErrorBody.of(ErrorCode.INVALID_REQUEST, "Invalid request");
        };
    }
}
