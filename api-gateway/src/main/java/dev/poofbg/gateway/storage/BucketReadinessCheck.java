package dev.poofbg.gateway.storage;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

/** Not ready while the bucket that holds inputs and results is unreachable or missing. */
@Readiness
@ApplicationScoped
public class BucketReadinessCheck implements HealthCheck {

    private final ObjectStorage storage;

    public BucketReadinessCheck(ObjectStorage storage) {
        this.storage = storage;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("object-storage").withData("bucket", storage.bucket());
        try {
            return response.status(storage.bucketExists()).build();
        } catch (Exception e) {
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
