package dev.poofbg.common.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a completed job produced, as its completed event carries it and its JSON shows it ({@code result}): the format,
 * the size in pixels and bytes, and the subject's box in the result's pixels.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record OutputResult(
        @JsonProperty("format") OutputOptions.Format format,
        @JsonProperty("width") int width,
        @JsonProperty("height") int height,
        @JsonProperty("bytes") long bytes,
        @JsonProperty("foreground") Foreground foreground) {

    /** The subject's bounding box (alpha above a small threshold); the whole result when nothing was found. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Foreground(
            @JsonProperty("top") int top,
            @JsonProperty("left") int left,
            @JsonProperty("width") int width,
            @JsonProperty("height") int height) {
    }
}
