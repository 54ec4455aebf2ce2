package dev.poofbg.gateway.testing;

import dev.poofbg.common.storage.MinioClients;
import io.minio.MinioClient;

/** The local object store the tests run against (deploy/local/infra.sh starts it), as the services reach it. */
public final class LocalStorage {

    public static final String BUCKET = "poofbg";

    private LocalStorage() {
    }

    /** A client of the local store; close it. */
    public static MinioClient client() {
        return MinioClients.create("http://127.0.0.1:9000", "us-east-1", "poofbg-local", "poofbg-local-secret");
    }
}
