package dev.poofbg.billing.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.common.error.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Refuses bodies over 64 KiB (billing's requests are small JSON documents) with the contract's error
 * body. It runs before the REST layer; Quarkus's own, higher limit would answer with an empty 413.
 */
@Singleton
public class BodySizeLimit {

    static final long MAX_BYTES = 64 * 1024;

    private final String tooLarge;

    public BodySizeLimit(ObjectMapper mapper) throws JsonProcessingException {
        this.tooLarge = mapper.writeValueAsString(ErrorBody.of(ErrorCode.INVALID_REQUEST, "Request body too large"));
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && exceeds(length)) {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(tooLarge);
            } else {
                context.next();
            }
        });
    }

    private static boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > MAX_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
