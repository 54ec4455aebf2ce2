package dev.poofbg.worker.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configuration → model wiring of the CDI producer (the Quarkus boot itself is the worker's tests). */
class ModelProducerTest {

    private final ModelProducer producer = new ModelProducer();

    @Test
    void defaultsLoadThePackagedU2netpOnTheCpu() {
        SaliencyModel model = producer.saliencyModel(config(ModelConfig.Kind.U2NETP, null, 320,
                List.of(0.485f, 0.456f, 0.406f), SaliencyModels.DeviceChoice.AUTO));
        try {
            assertThat(model.name()).isEqualTo("u2netp");
            assertThat(((DjlSaliencyModel) model).device()).isEqualTo("cpu()");
            SaliencyMask mask = model.predict(ModelFixtures.photo("coffee.jpg"));
            assertThat(mask.width()).isEqualTo(320);
        } finally {
            producer.close(model);
        }
    }

    @Test
    void inputSizeIsConfigurable() {
        SaliencyModel model = producer.saliencyModel(config(ModelConfig.Kind.U2NETP, null, 256,
                List.of(0.485f, 0.456f, 0.406f), SaliencyModels.DeviceChoice.CPU));
        try {
            SaliencyMask mask = model.predict(ModelFixtures.photo("chelsea.jpg"));
            assertThat(mask.width()).isEqualTo(256);
            assertThat(mask.height()).isEqualTo(256);
        } finally {
            producer.close(model);
        }
    }

    @Test
    void torchScriptNeedsAPathAndLoadsOne(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> producer.saliencyModel(config(ModelConfig.Kind.TORCHSCRIPT, null, 320,
                List.of(0.5f, 0.5f, 0.5f), SaliencyModels.DeviceChoice.CPU)))
                .hasMessageContaining("poof.model.path is required for poof.model.kind=torchscript");
        Path file = TorchScriptModelTest.writeChannelMeanModule(dir.resolve("m.pt"));
        SaliencyModel model = producer.saliencyModel(config(ModelConfig.Kind.TORCHSCRIPT, file, 64,
                List.of(0.5f, 0.5f, 0.5f), SaliencyModels.DeviceChoice.CPU));
        try {
            assertThat(model.predict(ModelFixtures.photo("coffee.jpg")).width()).isEqualTo(64);
        } finally {
            producer.close(model);
        }
    }

    @Test
    void misconfigurationFailsTheBootWithAClearMessage() {
        assertThatThrownBy(() -> producer.saliencyModel(config(ModelConfig.Kind.U2NETP, null, 320,
                List.of(0.5f, 0.5f), SaliencyModels.DeviceChoice.CPU)))
                .hasMessageContaining("poof.model.mean needs three values");
        assertThatThrownBy(() -> producer.saliencyModel(config(ModelConfig.Kind.U2NET, null, 320,
                List.of(0.485f, 0.456f, 0.406f), SaliencyModels.DeviceChoice.CPU)))
                .hasMessageContaining("poof.model.path is required");
        // This machine has no GPU: asking for one must not silently fall back to the CPU.
        assertThatThrownBy(() -> producer.saliencyModel(config(ModelConfig.Kind.U2NETP, null, 320,
                List.of(0.485f, 0.456f, 0.406f), SaliencyModels.DeviceChoice.GPU)))
                .hasMessageContaining("sees no GPU");
    }

    private static ModelConfig config(ModelConfig.Kind kind, Path path, int inputSize, List<Float> mean,
            SaliencyModels.DeviceChoice device) {
        return new ModelConfig() {
            @Override
            public Kind kind() {
                return kind;
            }

            @Override
            public Optional<Path> path() {
                return Optional.ofNullable(path);
            }

            @Override
            public int inputSize() {
                return inputSize;
            }

            @Override
            public List<Float> mean() {
                return mean;
            }

            @Override
            public List<Float> std() {
                return List.of(0.229f, 0.224f, 0.225f);
            }

            @Override
            public SaliencyModels.DeviceChoice device() {
                return device;
            }

            @Override
            public OptionalInt intraOpThreads() {
                return OptionalInt.empty();
            }

            @Override
            public int warmUpPasses() {
                return 0;
            }
        };
    }
}
