package dev.poofbg.worker.model;

import ai.djl.Device;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The TorchScript path, end to end through DJL's PyTorch engine. No Python here to trace a module, so the test
 * writes a TorchScript archive itself (the zip layout torch.jit.save produces: pickled module object, its
 * TorchScript source, constants, format version) for a module whose output is the channel mean of its input.
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
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(new byte[] {(byte) 0x80, 2}); // PROTO 2
        pickle.write("c__torch__\nM\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL __torch__.M
        pickle.write(new byte[] {'q', 0, ')', (byte) 0x81, '}', '(', 'X', 8, 0, 0, 0}); // NEWOBJ, {  'training'
        pickle.write("training".getBytes(StandardCharsets.US_ASCII));
        pickle.write(new byte[] {'q', 1, (byte) 0x88, 'u', 'b', '.'}); // True, SETITEMS, BUILD, STOP
        String code = """
                class M(Module):
                  __parameters__ = []
                  __buffers__ = []
                  training : bool
                  def forward(self: __torch__.M,
                    x: Tensor) -> Tensor:
                    return torch.mean(x, [1], True)
                """;
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            stored(zip, "archive/data.pkl", pickle.toByteArray());
            stored(zip, "archive/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
            stored(zip, "archive/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // empty tuple
            stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }
}
