package dev.poofbg.common.logging;

import dev.poofbg.common.Base62;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The id that follows one request through every service: taken from the client's {@code X-Request-ID} when it
 * is sane, else made up; answered in the same header, carried to billing in it and to the workers in a Kafka
 * record header of the same name, and logged on every line about the request (MDC key {@code requestId}).
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-ID";
    public static final String MDC_KEY = "requestId";

    /** What a client may choose: short, and nothing a log line or a header could be split or forged with. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {
    }

    /** The client's id when it is sane, a new one otherwise. */
    public static String acceptOrCreate(String offered) {
        return isSane(offered) ? offered : create();
    }

    public static boolean isSane(String id) {
        return id != null && SANE.matcher(id).matches();
    }

    public static String create() {
        return "req_" + Base62.random(RANDOM, 20);
    }

    /** The id a Kafka record carries in its {@value #HEADER} header, or null. */
    public static String fromRecord(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(HEADER);
        String id = header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        return isSane(id) ? id : null;
    }

    /** Headers carrying {@code id} on a Kafka record (none when there is no id). */
    public static Headers recordHeaders(Object id) {
        RecordHeaders headers = new RecordHeaders();
        if (id != null && isSane(id.toString())) {
            headers.add(HEADER, id.toString().getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }
}
