package dev.poofbg.worker.image;

import dev.poofbg.common.output.OutputOptions;

/**
 * A job's result: its bytes in {@code format}, its dimensions, the subject's box in its pixels, and its thumbnail (an RGBA
 * PNG of the result as rendered, at most {@link OutputRenderer#THUMBNAIL_SIDE} pixels on its longer side).
 */
public record CutoutResult(byte[] bytes, OutputOptions.Format format, int width, int height, Box foreground,
                           byte[] thumbnail) {
}
