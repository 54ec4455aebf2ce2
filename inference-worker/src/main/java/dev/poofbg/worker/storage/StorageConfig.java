package dev.poofbg.worker.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The S3-compatible object store holding inputs and results. */
@ConfigMapping(prefix = "poof.storage")
public interface StorageConfig {
    @WithDefault("http://127.0.0.1:9000")
    String endpoint();

    String accessKey();

    String secretKey();

    @WithDefault("poofbg")
    String bucket();

    @WithDefault("us-east-1")
    String region();
}
