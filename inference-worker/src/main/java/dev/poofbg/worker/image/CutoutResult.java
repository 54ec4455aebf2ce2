package dev.poofbg.worker.image;

import dev.poofbg.common.output.OutputOptions;

/** A job's result: its bytes in {@code format}, its dimensions, and the subject's box in its pixels. */
public record CutoutResult(byte[] bytes, OutputOptions.Format format, int width, int height, Box foreground) {
}
