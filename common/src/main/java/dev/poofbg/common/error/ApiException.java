package dev.poofbg.common.error;

/** A failure that maps one-to-one onto a contract error response. Carries no stack trace. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorBody body() {
        return ErrorBody.of(code, getMessage());
    }
}
