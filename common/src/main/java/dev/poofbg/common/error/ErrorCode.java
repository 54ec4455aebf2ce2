package dev.poofbg.common.error;

/**
 * Every error code a client can see, with its HTTP status. The last two cover server-side faults so that
 * even those keep the contract's JSON shape.
 */
public enum ErrorCode {
    UNAUTHORIZED(401),
    INSUFFICIENT_CREDITS(402),
    FORBIDDEN(403),
    NOT_FOUND(404),
    RATE_LIMITED(429),
    IDEMPOTENCY_KEY_IN_USE(409),
    INVALID_REQUEST(400),
    INVALID_IMAGE_TYPE(400),
    FILE_TOO_LARGE(400),
    INTERNAL_ERROR(500),
    SERVICE_UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
