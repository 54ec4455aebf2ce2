package dev.poofbg.worker.health;

import dev.poofbg.worker.InputRejectedException;
import dev.poofbg.worker.image.ImagePipeline;
import dev.poofbg.worker.model.ModelConfig;
import dev.poofbg.worker.model.SaliencyModel;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Ready once the segmentation model is loaded and warm: loading is forced at start-up, not on the first job, and a
 * few cut-outs of a generated photo then run the whole pipeline once, so that the first jobs neither wait for the
 * JIT nor find a broken engine.
 */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(ModelReadiness.class);

    private final SaliencyModel model;
    private final ImagePipeline pipeline;
    private final int warmUpPasses;
    private volatile String loaded;
    private volatile long warmUpMillis;

    public ModelReadiness(SaliencyModel model, ImagePipeline pipeline, ModelConfig config) {
        this.model = model;
        this.pipeline = pipeline;
        this.warmUpPasses = config.warmUpPasses();
    }

    void load(@Observes StartupEvent event) {
        if (warmUpPasses > 0) {
            warmUp();
        }
        loaded = model.name();
    }

    /** Any failure but the photo's refusal fails the start: the engine would fail every job the same way. */
    private void warmUp() {
        long started = System.nanoTime();
        byte[] photo = warmUpPhoto();
        long[] millis = new long[warmUpPasses];
        try {
            for (int i = 0; i < warmUpPasses; i++) {
                long start = System.nanoTime();
                pipeline.cutOut(photo);
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
        } catch (InputRejectedException e) {
            LOG.warnf("No warm-up: the configured limits refuse a 640x480 photo (%s)", e.getMessage());
            return;
        }
        warmUpMillis = (System.nanoTime() - started) / 1_000_000;
        LOG.infof("Warmed up with %d cut-outs of a 640x480 photo in %d ms (first %d ms, last %d ms)",
                warmUpPasses, warmUpMillis, millis[0], millis[warmUpPasses - 1]);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("model")
                .status(loaded != null)
                .withData("model", loaded == null ? "loading" : loaded)
                .withData("warm_up_passes", warmUpPasses)
                .withData("warm_up_ms", warmUpMillis)
                .build();
    }

    /** A JPEG with a soft background and a sharp-edged subject, so the guided filter has edges to follow. */
    private static byte[] warmUpPhoto() {
        int width = 640;
        int height = 480;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int dx = x - width / 2;
                int dy = y - height / 2;
                boolean subject = dx * dx + dy * dy < 150 * 150;
                int shade = (x + y) * 255 / (width + height);
                image.setRGB(x, y, subject ? 0xC04020 + (shade >> 2) : shade << 16 | shade << 8 | 0xE0);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
