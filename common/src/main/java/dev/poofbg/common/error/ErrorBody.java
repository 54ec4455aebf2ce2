package dev.poofbg.common.error;

/** The contract's error shape: {@code {"error": {"message": "...", "code": "..."}}}. */
public record ErrorBody(Detail error) {

    public record Detail(String message, String code) {
    }

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(new Detail(message, code.name()));
    }
}
