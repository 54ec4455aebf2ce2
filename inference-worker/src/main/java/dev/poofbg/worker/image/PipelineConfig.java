package dev.poofbg.worker.image;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Image decoding limits, mask upsampling and PNG encoding. */
public final class PipelineConfig {
    private PipelineConfig() {
    }

    @ConfigMapping(prefix = "poof.image")
    public interface Image {
        /** Larger images are refused from their header, before any pixel is decoded. */
        @WithDefault("40000000")
        long maxPixels();
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
