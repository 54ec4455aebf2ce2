package dev.poofbg.common.image;

/** Type and pixel dimensions of an image, read from its header without decoding pixels. */
public record ImageHeader(ImageType type, int width, int height) {

    /**
     * The longest side accepted, whatever the pixel count: resizing and encoding keep state per row and per column,
     * so a 1 x 40,000,000 strip within the pixel limit would still need gigabytes. No photograph comes near it
     * (WebP's own limit is 16,383, JPEG's 65,535).
     */
    public static final int MAX_SIDE = 32_768;

    public long pixelCount() {
        return (long) width * height;
    }

    /** Whether either side is longer than {@link #MAX_SIDE}. */
    public static boolean exceedsMaxSide(long width, long height) {
        return width > MAX_SIDE || height > MAX_SIDE;
    }
}
