package dev.poofbg.worker.model;

import java.awt.image.BufferedImage;

/**
 * A salient-object segmentation model. Implementations are thread-safe: one instance is loaded at start-up and
 * shared by all workers, then closed at shut-down.
 */
public interface SaliencyModel extends AutoCloseable {

    /**
     * Computes the saliency mask of a decoded, EXIF-oriented image. Any {@link BufferedImage} type is accepted;
     * {@code TYPE_3BYTE_BGR} and {@code TYPE_INT_RGB} are read directly from their rasters (no conversion copy).
     *
     * @return the mask at the model's input resolution (not the image's), min-max normalised to [0,1]
     */
    SaliencyMask predict(BufferedImage image);

    /** Width of the masks {@link #predict} returns, as far as is known before it runs: the model's input width. */
    int maskWidth();

    /** Height of the masks {@link #predict} returns, as far as is known before it runs: the model's input height. */
    int maskHeight();

    /** Short identifier for logs, metrics and job events, e.g. {@code u2netp}. */
    String name();

    /** Releases native memory; no exception beyond runtime ones. */
    @Override
    void close();
}
