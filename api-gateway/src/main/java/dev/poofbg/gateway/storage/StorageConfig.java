package dev.poofbg.gateway.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The object store (any S3-compatible server reachable with the MinIO SDK). */
@ConfigMapping(prefix = "poof.storage")
public interface StorageConfig {

    /** Where the gateway itself writes inputs, e.g. {@code http://minio:9000}. */
    String endpoint();

    /** The host clients reach for result links; defaults to {@link #endpoint()}. */
    Optional<String> publicEndpoint();

    /** No default outside dev and test: a deployment must bring its own credentials. */
    String accessKey();

    String secretKey();

    @WithDefault("poofbg")
    String bucket();

    /** Fixed region, so that presigning never asks the server for it. */
    @WithDefault("us-east-1")
    String region();

    /** Lifetime of a presigned result link. */
    @WithDefault("1h")
    Duration resultUrlTtl();
}
