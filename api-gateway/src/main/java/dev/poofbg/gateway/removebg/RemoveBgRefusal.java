package dev.poofbg.gateway.removebg;

import dev.poofbg.common.error.RemoveBgErrors;

import java.util.Map;

/** A refusal the compatibility endpoint words itself, in remove.bg's shape, with headers of its own. */
public class RemoveBgRefusal extends RuntimeException {

    private final int status;
    private final String title;
    private final String code;
    private final Map<String, String> headers;

    public RemoveBgRefusal(int status, String title, String code, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.code = code;
        this.headers = headers;
    }

    /** 400 {@code invalid_parameters}: a parameter's value, named in {@code detail}. */
    public static RemoveBgRefusal invalid(String detail) {
        return new RemoveBgRefusal(400, "Invalid parameters", "invalid_parameters", detail, Map.of());
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public RemoveBgErrors body() {
        return RemoveBgErrors.of(title, code, getMessage());
    }
}
