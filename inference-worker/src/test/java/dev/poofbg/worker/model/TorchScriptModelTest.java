package dev.poofbg.worker.model;

import ai.djl.Device;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The TorchScript path, end to end through DJL's PyTorch engine. No Python here to trace a module, so the test
 * writes a TorchScript archive itself ({@link ScriptModuleArchive}) for a module whose output is the channel mean
 * of its input.
 */
class TorchScriptModelTest {

    @BeforeAll
    static void offline() {
        SaliencyModels.configureEngine(OptionalInt.empty());
    }

    @Test
    void loadsATorchScriptModuleAndNormalisesItsFirstOutput(@TempDir Path dir) throws IOException {
        Path file = writeChannelMeanModule(dir.resolve("channel-mean.pt"));
        float[] mean = {0.5f, 0.5f, 0.5f};
        float[] std = {0.25f, 0.25f, 0.25f};
        ImagePreprocessor pre = new ImagePreprocessor(64, 48, mean, std);
        BufferedImage photo = ModelFixtures.photo("coffee.jpg");
        try (SaliencyModel model = SaliencyModels.torchScript(file, Device.cpu(), pre)) {
            SaliencyMask mask = model.predict(photo);

            assertThat(model.name()).isEqualTo("torchscript:channel-mean.pt");
            assertThat(mask.width()).isEqualTo(64);
            assertThat(mask.height()).isEqualTo(48);
            float[] chw = pre.toChw(photo);
            int plane = 64 * 48;
            float[] expected = new float[plane];
            for (int i = 0; i < plane; i++) {
                expected[i] = (chw[i] + chw[plane + i] + chw[2 * plane + i]) / 3;
            }
            SaliencyTranslator.minMaxNormalise(expected);
            for (int i = 0; i < plane; i++) {
                assertThat(mask.values()[i]).as("pixel %d", i).isCloseTo(expected[i], within(1e-5f));
            }
        }
    }

    @Test
    void aFileThatIsNotTorchScriptFailsAtLoad(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("broken.pt"), "not a zip");
        ImagePreprocessor pre = new ImagePreprocessor(32, 32, ModelFixtures.MEAN, ModelFixtures.STD);
        assertThatThrownBy(() -> SaliencyModels.torchScript(file, Device.cpu(), pre))
                .isInstanceOf(RuntimeException.class);
    }

    /** A module {@code M} with {@code forward(x) = torch.mean(x, [1], True)}. */
    static Path writeChannelMeanModule(Path file) throws IOException {
        return Files.write(file, ScriptModuleArchive.of("M", """
                  def forward(self, x: Tensor) -> Tensor:
                    return torch.mean(x, [1], True)
                """));
    }
}
