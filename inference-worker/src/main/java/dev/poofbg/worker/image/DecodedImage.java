package dev.poofbg.worker.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * A decoded, EXIF-oriented image as packed ARGB pixels (row-major). The pixels live in a
 * {@link BufferedImage#TYPE_INT_RGB} image: its colour model ignores the top byte, so the model sees
 * an opaque RGB image while the input's own alpha stays in the same array for composition, without
 * a second full-resolution copy.
 */
public final class DecodedImage {
    private final BufferedImage rgb;
    private final boolean hasAlpha;

    private DecodedImage(BufferedImage rgb, boolean hasAlpha) {
        this.rgb = rgb;
        this.hasAlpha = hasAlpha;
    }

    /** Allocates an image whose {@link #argb()} array the caller fills. */
    static DecodedImage allocate(int width, int height, boolean hasAlpha) {
        return new DecodedImage(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), hasAlpha);
    }

    /** Wraps already packed ARGB pixels (used by tests and the quality evaluation). */
    public static DecodedImage of(int[] argb, int width, int height, boolean hasAlpha) {
        DecodedImage image = allocate(width, height, hasAlpha);
        System.arraycopy(argb, 0, image.argb(), 0, argb.length);
        return image;
    }

    public int width() {
        return rgb.getWidth();
    }

    public int height() {
        return rgb.getHeight();
    }

    /** Packed ARGB pixels; the alpha byte is the input's own alpha (0xFF when it had none). */
    public int[] argb() {
        return ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    }

    public boolean hasAlpha() {
        return hasAlpha;
    }

    /** The opaque RGB view handed to the segmentation model. */
    public BufferedImage rgbImage() {
        return rgb;
    }
}
