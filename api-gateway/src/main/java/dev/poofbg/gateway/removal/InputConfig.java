package dev.poofbg.gateway.removal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits on what POST /v1/remove-background accepts. */
@ConfigMapping(prefix = "poof.input")
public interface InputConfig {

    /** The contract's 10 MB; the HTTP body limit sits just above it to leave room for multipart framing. */
    @WithDefault("10485760")
    long maxFileBytes();

    /**
     * Pixels an image header may declare (decompression bombs are small files with huge sizes). The worker's
     * {@code poof.image.max-pixels} has the same default, so an image accepted here is not charged and then refused.
     */
    @WithDefault("40000000")
    long maxPixels();

    @WithDefault("2048")
    int maxUrlLength();
}
