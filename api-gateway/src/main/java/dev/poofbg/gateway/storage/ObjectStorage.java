package dev.poofbg.gateway.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.MinioException;
import io.minio.Http;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Inputs go in through the internal endpoint; result links are signed for the public endpoint. The
 * SDK is blocking, so its network calls run on worker threads and resume on the caller's context.
 */
@Startup // building a MinioClient reads certificate stores: do it at boot, never on an event loop
@ApplicationScoped
public class ObjectStorage {

    private final StorageConfig config;
    private final Vertx vertx;
    private final MinioClient internal;
    private final MinioClient presigner;

    public ObjectStorage(StorageConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
        this.internal = client(config.endpoint());
        // Presigning is a local computation once the region is known: this client never connects.
        this.presigner = client(config.publicEndpoint().orElse(config.endpoint()));
    }

    private MinioClient client(String endpoint) {
        return MinioClient.builder()
                .endpoint(endpoint)
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .build();
    }

    public static String inputKey(String accountId, String jobId) {
        return "inputs/" + accountId + "/" + jobId;
    }

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
        try {
            return presigner.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Http.Method.GET)
                    .bucket(config.bucket())
                    .object(key)
                    .expiry((int) config.resultUrlTtl().toSeconds(), TimeUnit.SECONDS)
                    .build());
        } catch (MinioException e) {
            throw new StorageException("could not sign a link for " + key, e);
        }
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
        presigner.close();
    }
}
