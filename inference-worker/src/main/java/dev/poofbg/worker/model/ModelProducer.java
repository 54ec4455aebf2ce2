package dev.poofbg.worker.model;

import ai.djl.Device;
import dev.poofbg.worker.model.u2net.U2NetVariant;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads the configured model once, at start-up (so a broken model fails the boot, not the first job). */
@ApplicationScoped
public class ModelProducer {

    private static final Logger LOG = Logger.getLogger(ModelProducer.class);

    @Produces
    @Singleton
    @Startup
    SaliencyModel saliencyModel(ModelConfig config) {
        long started = System.nanoTime();
        SaliencyModels.configureEngine(config.intraOpThreads());
        Device device = SaliencyModels.device(config.device());
        ImagePreprocessor preprocessor = new ImagePreprocessor(config.inputSize(), config.inputSize(),
                floats(config.mean(), "mean"), floats(config.std(), "std"));
        DjlSaliencyModel model = switch (config.kind()) {
            case U2NETP -> config.path().isPresent()
                    ? fromParams(U2NetVariant.U2NETP, config.path().get(), device, preprocessor)
                    : SaliencyModels.packagedU2netp(device, preprocessor);
            case U2NET -> fromParams(U2NetVariant.U2NET, required(config), device, preprocessor);
            case TORCHSCRIPT -> SaliencyModels.torchScript(required(config), device, preprocessor);
        };
        LOG.infof("Segmentation model %s loaded on %s in %d ms (input %dx%d)", model.name(), model.device(),
                (System.nanoTime() - started) / 1_000_000, config.inputSize(), config.inputSize());
        return model;
    }

    void close(@Disposes SaliencyModel model) {
        model.close();
    }

    private static DjlSaliencyModel fromParams(U2NetVariant variant, Path path, Device device,
            ImagePreprocessor preprocessor) {
        try (InputStream in = Files.newInputStream(path)) {
            return SaliencyModels.u2net(variant, in, device, preprocessor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static Path required(ModelConfig config) {
        return config.path().orElseThrow(() -> new IllegalStateException(
                "poof.model.path is required for poof.model.kind=" + config.kind().name().toLowerCase()));
    }

    private static float[] floats(List<Float> values, String what) {
        if (values.size() != 3) {
            throw new IllegalStateException("poof.model." + what + " needs three values (R,G,B), got " + values);
        }
        return new float[] {values.get(0), values.get(1), values.get(2)};
    }
}
