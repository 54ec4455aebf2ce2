package dev.poofbg.gateway.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.common.output.OutputResult;

/** The JSON columns of a job row: its output options and its result. */
final class JobJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobJson() {
    }

    static String write(Object value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("options and results are always serialisable", e);
        }
    }

    /** The options a row holds; the defaults for a row from before options existed. */
    static OutputOptions options(String json) {
        return json == null ? OutputOptions.DEFAULT : read(json, OutputOptions.class);
    }

    static OutputResult result(String json) {
        return json == null ? null : read(json, OutputResult.class);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job row's JSON column is unreadable", e);
        }
    }
}
