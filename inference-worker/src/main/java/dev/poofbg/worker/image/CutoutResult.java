package dev.poofbg.worker.image;

/** The transparent PNG and its dimensions (those of the EXIF-oriented input). */
public record CutoutResult(byte[] png, int width, int height) {
}
