package dev.poofbg.gateway.storage;

import dev.poofbg.common.storage.MinioClients;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.MinioException;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Inputs go in through the internal endpoint with the MinIO SDK; result links are signed for the
 * public endpoint, locally and without I/O. The SDK is blocking, so its network calls run on worker
 * threads and resume on the caller's context.
 */
@Startup // building a MinioClient reads certificate stores: do it at boot, never on an event loop
@ApplicationScoped
public class ObjectStorage {

    private final StorageConfig config;
    private final Vertx vertx;
    private final Clock clock;
    private final MinioClient internal;
    private final PresignedGetSigner links;

    public ObjectStorage(StorageConfig config, Vertx vertx, Clock clock) {
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
        this.internal = MinioClients.create(config.endpoint(), config.region(), config.accessKey(), config.secretKey());
        this.links = new PresignedGetSigner(config.publicEndpoint().orElse(config.endpoint()), config.bucket(),
                config.region(), config.accessKey(), config.secretKey(), (int) config.resultUrlTtl().toSeconds());
    }

    @WithSpan("store input")
    public Uni<Void> putFile(String key, Path file, String contentType) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                internal.uploadObject(UploadObjectArgs.builder()
                        .bucket(config.bucket())
                        .object(key)
                        .filename(file.toString())
                        .contentType(contentType)
                        .build());
                return null;
            } catch (MinioException e) {
                throw new StorageException("could not store " + key, e);
            }
        }), false);
    }

    /** An object's bytes (a result, which the worker bounds), for answers that carry the image itself. */
    @WithSpan("read result")
    public Uni<byte[]> read(String key) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try (InputStream in = internal.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key).build())) {
                return in.readAllBytes();
            } catch (MinioException | IOException e) {
                throw new StorageException("could not read " + key, e);
            }
        }), false);
    }

    /** Whether an object exists; false also when the store cannot say (the caller shows less, never fails). */
    public Uni<Boolean> exists(String key) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                internal.statObject(StatObjectArgs.builder().bucket(config.bucket()).object(key).build());
                return true;
            } catch (MinioException e) {
                return false;
            }
        }), false);
    }

    /** Best effort: removes an object whose job was never submitted. */
    public Uni<Void> delete(String key) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                internal.removeObject(RemoveObjectArgs.builder().bucket(config.bucket()).object(key).build());
                return null;
            } catch (MinioException e) {
                throw new StorageException("could not delete " + key, e);
            }
        }), false);
    }

    /** A GET link for one object, valid for {@link StorageConfig#resultUrlTtl()}. */
    public String presignGet(String key) {
        return links.presignGet(key, clock.instant());
    }

    /** Blocking: for health checks, which run on worker threads. */
    public boolean bucketExists() throws MinioException {
        return internal.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build());
    }

    public String bucket() {
        return config.bucket();
    }

    @PreDestroy
    void close() throws Exception {
        internal.close();
    }
}
