package dev.poofbg.common.error;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The error shape of the remove.bg-compatible endpoints ({@code /v1.0}): {@code {"errors": [{"title", "code",
 * "detail"}]}}, with remove.bg's statuses. Every error the contract's shape ({@link ErrorBody}) can carry has its
 * counterpart here ({@link #of(ErrorBody)}); the compatibility endpoint's own refusals name their codes.
 */
public record RemoveBgErrors(@JsonProperty("errors") List<Error> errors) {

    public record Error(@JsonProperty("title") String title, @JsonProperty("code") String code,
                        @JsonProperty("detail") String detail) {
    }

    /** A remove.bg error and the status it is answered with. */
    public record Refusal(int status, RemoveBgErrors body) {
    }

    public static RemoveBgErrors of(String title, String code, String detail) {
        return new RemoveBgErrors(List.of(new Error(title, code, detail)));
    }

    /** The contract's error as remove.bg says it: a bad key is 403 there, a body over the limit 400. */
    public static Refusal of(ErrorBody body) {
        String detail = body.error().message();
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(body.error().code());
        } catch (IllegalArgumentException e) {
            code = ErrorCode.INTERNAL_ERROR;
        }
        return switch (code) {
            case UNAUTHORIZED -> refusal(403, "Authentication failed", "auth_failed", detail);
            case INSUFFICIENT_CREDITS -> refusal(402, "Insufficient credits", "insufficient_credits", detail);
            case FORBIDDEN -> refusal(403, "Forbidden", "forbidden", detail);
            case NOT_FOUND -> refusal(404, "Not found", "not_found", detail);
            case RATE_LIMITED -> refusal(429, "Rate limit exceeded", "rate_limit_exceeded", detail);
            case IDEMPOTENCY_KEY_IN_USE -> refusal(409, "Conflict", "conflict", detail);
            case INVALID_REQUEST -> refusal(400, "Invalid parameters", "invalid_parameters", detail);
            case INVALID_IMAGE_TYPE -> refusal(400, "Failed to read image", "invalid_image", detail);
            case FILE_TOO_LARGE -> refusal(400, "File too large", "file_too_large", detail);
            case SERVICE_UNAVAILABLE -> refusal(503, "Service unavailable", "service_unavailable", detail);
            case INTERNAL_ERROR -> refusal(500, "Internal error", "internal_error", detail);
        };
    }

    private static Refusal refusal(int status, String title, String code, String detail) {
        return new Refusal(status, of(title, code, detail));
    }
}
