package dev.poofbg.worker.health;

import dev.poofbg.worker.model.SaliencyModel;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the segmentation model is loaded; loading is forced at start-up, not on the first job. */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {
    private final SaliencyModel model;
    private volatile String loaded;

    public ModelReadiness(SaliencyModel model) {
        this.model = model;
    }

    void load(@Observes StartupEvent event) {
        loaded = model.name();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("model")
                .status(loaded != null)
                .withData("model", loaded == null ? "loading" : loaded)
                .build();
    }
}
