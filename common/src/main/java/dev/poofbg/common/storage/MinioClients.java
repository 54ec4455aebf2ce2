package dev.poofbg.common.storage;

import io.minio.Http;
import io.minio.MinioClient;

/** The one way the services build their object-store client. */
public final class MinioClients {

    private MinioClients() {
    }

    /**
     * A client of an S3-compatible server; close it when done (it holds a connection pool). The region is
     * fixed so that no call, presigning included, asks the server for it. Building one reads the JVM's
     * certificate stores: do it at start-up, never on an event loop.
     */
    public static MinioClient create(String endpoint, String region, String accessKey, String secretKey) {
        return MinioClient.builder()
                .endpoint(endpoint)
                .region(region)
                .credentials(accessKey, secretKey)
                .httpClient(Http.newDefaultClient().newBuilder().socketFactory(new NoDelaySocketFactory()).build(), true)
                .build();
    }
}
