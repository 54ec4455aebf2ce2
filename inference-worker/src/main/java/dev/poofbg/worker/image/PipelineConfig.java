package dev.poofbg.worker.image;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Image decoding limits, mask upsampling and PNG encoding. */
public final class PipelineConfig {
    private PipelineConfig() {
    }

    @ConfigMapping(prefix = "poof.image")
    public interface Image {
        /** Larger images are refused from their header, before any pixel is decoded. */
        @WithDefault("40000000")
        long maxPixels();

        /**
         * Pixels decoded at once across concurrent jobs; a job that does not fit waits for others to finish. Default:
         * what three quarters of the maximum heap hold at a job's peak (about 12 bytes per pixel).
         */
        Optional<Long> maxPixelsInFlight();

        /**
         * A background image ({@code bg_image_url}) with more pixels is refused from its header: it is scaled to
         * the output, so more than remove.bg's largest output (25 MP) only costs memory.
         */
        @WithDefault("25000000")
        long maxBackgroundPixels();

        /**
         * Estimate the subject's colour where the cut-out is partly transparent (ForegroundEstimator). Off by
         * default: with the model's soft masks it did not reduce the measured halo (docs/quality.md).
         */
        @WithDefault("false")
        boolean foregroundEstimation();

        /** JPEG results (format=jpg): the encoder's quality, 0 to 1. */
        @WithDefault("0.9")
        float jpegQuality();

        /**
         * WebP results (lossless): libwebp's effort, 0 (fastest) to 6 (smallest); the trade-off is measured in
         * docs/benchmarks.md, "Output formats".
         */
        @WithDefault("0")
        int webpMethod();
    }

    @ConfigMapping(prefix = "poof.mask")
    public interface Mask {
        /**
         * Edge-aware (guided filter) upsampling of the mask instead of plain bilinear; measured better
         * at the edges (docs/quality.md).
         */
        @WithDefault("true")
        boolean guidedFilter();

        /** Window radius in mask pixels (1 measured best). */
        @WithDefault("1")
        int guidedFilterRadius();

        /** Regularisation; larger values smooth more, smaller ones follow the image more closely. */
        @WithDefault("0.0001")
        double guidedFilterEps();

        /**
         * Detached parts of the mask smaller than this share of its largest part are dropped with their fringe
         * (MaskCleanup); 0 keeps every part. Measured on the evaluation set in docs/quality.md.
         */
        @WithDefault(MaskCleanup.DEFAULT_BLOB_FRACTION)
        double blobFraction();

        /**
         * Enclosed background pockets smaller than this share of the largest part are filled; 0 fills none (the
         * default: filling measured no better, and a subject's real openings must stay open).
         */
        @WithDefault("0")
        double holeFraction();

        /**
         * Matting of the upsampled mask's uncertain band (EdgeMatting): its alpha follows the image's colours where
         * they tell subject from background, and its pixels get the subject's estimated colour. Measured in
         * docs/quality.md, "Matting the uncertain band".
         */
        @WithDefault("true")
        boolean edgeMatting();
    }

    @ConfigMapping(prefix = "poof.png")
    public interface Png {
        /** Deflate level 0-9. */
        @WithDefault("1")
        int compressionLevel();

        @WithDefault("up")
        PngEncoder.Filter filter();
    }
}
