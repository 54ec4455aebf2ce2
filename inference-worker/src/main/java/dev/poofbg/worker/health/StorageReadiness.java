package dev.poofbg.worker.health;

import dev.poofbg.worker.storage.ObjectStorage;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the bucket answers (Kafka readiness comes from the messaging extension). */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {
    private final ObjectStorage storage;

    public StorageReadiness(ObjectStorage storage) {
        this.storage = storage;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("object-storage").status(storage.bucketReachable()).build();
    }
}
