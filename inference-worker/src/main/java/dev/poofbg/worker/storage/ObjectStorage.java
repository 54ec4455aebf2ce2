package dev.poofbg.worker.storage;

import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.common.output.OutputResult;
import dev.poofbg.common.storage.MinioClients;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The worker's view of the bucket: read inputs, write results with their dimensions as metadata,
 * keep small bookkeeping objects, delete inputs. Transient failures are retried; a missing object is an answer, not an error.
 */
@ApplicationScoped
public class ObjectStorage {
    private static final String META_WIDTH = "width";
    private static final String META_HEIGHT = "height";
    private static final String META_PROCESSING_MS = "processing-ms";
    private static final String META_FORMAT = "format";
    /** left,top,width,height of the subject in the result's pixels. */
    private static final String META_FOREGROUND = "foreground";

    private final MinioClient client;
    private final String bucket;
    /**
     * Transient failures (network, 5xx) are retried with exponential back-off (100, 200, 400 ms); definite answers
     * from the server (4xx such as NoSuchKey) reach the caller at once: retrying gives the same one.
     */
    private final Guard retries = Guard.create()
            .withDescription("object store")
            .withRetry().maxRetries(3).delay(100, ChronoUnit.MILLIS)
                .whenException(ObjectStorage::isTransient)
                .withExponentialBackoff().factor(2).done()
                .done()
            .build();

    public ObjectStorage(StorageConfig config) {
        this.bucket = config.bucket();
        this.client = MinioClients.create(config.endpoint(), config.region(), config.accessKey(), config.secretKey());
    }

    /** The object's bytes, or empty if it does not exist; more than {@code maxBytes} is an error. */
    public Optional<byte[]> get(String key, long maxBytes) throws StorageException {
        byte[] bytes;
        try {
            bytes = retried(() -> {
                try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                    return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                }
            }, byte[].class);
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw new StorageException("get " + key, e);
        } catch (MinioException | IOException e) {
            throw new StorageException("get " + key, e);
        }
        if (bytes.length > maxBytes) {
            throw new ObjectTooLargeException(key);
        }
        return Optional.of(bytes);
    }

    /** The dimensions recorded with a stored result, if that result exists. */
    public Optional<StoredResult> findResult(String key) throws StorageException {
        StatObjectResponse stat;
        try {
            stat = retried(() -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()),
                    StatObjectResponse.class);
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw new StorageException("stat " + key, e);
        } catch (MinioException | IOException e) {
            throw new StorageException("stat " + key, e);
        }
        try {
            var meta = stat.userMetadata();
            int width = Integer.parseInt(meta.getFirst(META_WIDTH));
            int height = Integer.parseInt(meta.getFirst(META_HEIGHT));
            // A result stored before the foreground was recorded: its subject box is the whole image.
            OutputResult.Foreground foreground = meta.getFirst(META_FOREGROUND) == null
                    ? new OutputResult.Foreground(0, 0, width, height)
                    : foreground(meta.getFirst(META_FOREGROUND));
            OutputOptions.Format format = OutputOptions.Format.fromWire(
                    meta.getFirst(META_FORMAT) == null ? "png" : meta.getFirst(META_FORMAT));
            return Optional.of(new StoredResult(new OutputResult(format, width, height, stat.size(), foreground),
                    Long.parseLong(meta.getFirst(META_PROCESSING_MS))));
        } catch (RuntimeException e) {
            throw new StorageException("metadata of " + key, e);
        }
    }

    public void putResult(String key, byte[] bytes, StoredResult stored) throws StorageException {
        OutputResult result = stored.result();
        OutputResult.Foreground box = result.foreground();
        put(key, bytes, result.format().mediaType(), Map.of(
                META_WIDTH, Integer.toString(result.width()),
                META_HEIGHT, Integer.toString(result.height()),
                META_FORMAT, result.format().wireName(),
                META_FOREGROUND, box.left() + "," + box.top() + "," + box.width() + "," + box.height(),
                META_PROCESSING_MS, Long.toString(stored.processingMs())));
    }

    private static OutputResult.Foreground foreground(String value) {
        String[] parts = value.split(",");
        return new OutputResult.Foreground(Integer.parseInt(parts[1]), Integer.parseInt(parts[0]),
                Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
    }

    /** Writes a small object (bookkeeping, a result's thumbnail; not results), retried like results. */
    public void put(String key, byte[] bytes, String contentType) throws StorageException {
        put(key, bytes, contentType, Map.of());
    }

    private void put(String key, byte[] bytes, String contentType, Map<String, String> metadata)
            throws StorageException {
        try {
            retried(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .data(bytes, bytes.length)
                    .contentType(contentType)
                    .userMetadata(metadata)
                    .build()), ObjectWriteResponse.class);
        } catch (MinioException | IOException e) {
            throw new StorageException("put " + key, e);
        }
    }

    public void delete(String key) throws StorageException {
        try {
            retried(() -> {
                client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
                return null;
            }, Void.class);
        } catch (MinioException | IOException e) {
            throw new StorageException("delete " + key, e);
        }
    }

    /** For readiness: the bucket answers. */
    public boolean bucketReachable() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (MinioException e) {
            return false;
        }
    }

    @PreDestroy
    void close() throws Exception {
        client.close();
    }

    private <T> T retried(Callable<T> call, Class<T> type) throws MinioException, IOException {
        try {
            return retries.call(call, type);
        } catch (MinioException | IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e); // the calls throw nothing else
        }
    }

    private static boolean isTransient(Throwable failure) {
        if (failure instanceof ErrorResponseException answer) {
            return answer.response() != null && answer.response().code() >= 500;
        }
        return failure instanceof MinioException || failure instanceof IOException;
    }

    private static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code);
    }
}
