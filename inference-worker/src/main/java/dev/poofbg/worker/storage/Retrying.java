package dev.poofbg.worker.storage;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;

/**
 * Retries a storage call on transient failures (network, 5xx) with a short exponential backoff.
 * Definite answers from the server (4xx such as NoSuchKey) are returned to the caller at once.
 * (quarkus-smallrye-fault-tolerance 3.34.3 is not on the registry, hence this small helper.)
 */
final class Retrying {
    private static final int ATTEMPTS = 4;
    private static final long FIRST_DELAY_MS = 100;

    @FunctionalInterface
    interface StorageCall<T> {
        T call() throws MinioException, java.io.IOException;
    }

    private Retrying() {
    }

    static <T> T call(StorageCall<T> call) throws MinioException, java.io.IOException {
        long delay = FIRST_DELAY_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (ErrorResponseException e) {
                if (e.response() == null || e.response().code() < 500 || attempt == ATTEMPTS) {
                    throw e; // a definite answer: retrying gives the same one
                }
            } catch (MinioException | java.io.IOException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while retrying");
            }
            delay *= 2;
        }
    }
}
