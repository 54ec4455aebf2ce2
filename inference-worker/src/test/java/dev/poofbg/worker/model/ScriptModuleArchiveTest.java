package dev.poofbg.worker.model;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptModuleArchiveTest {

    @Test
    void writesTheLayoutTorchJitSaveProducesWithEveryEntryStored() throws IOException {
        byte[] archive = ScriptModuleArchive.of("Twice", """
                  def forward(self, x: Tensor) -> Tensor:
                    return torch.add(x, x)
                """);

        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                assertThat(e.getMethod()).as(e.getName()).isEqualTo(ZipEntry.STORED);
                entries.put(e.getName(), zip.readAllBytes());
            }
        }

        assertThat(entries).containsOnlyKeys("module/data.pkl", "module/code/__torch__.py", "module/constants.pkl",
                "module/version");
        assertThat(new String(entries.get("module/version"), StandardCharsets.US_ASCII)).isEqualTo("3\n");
        assertThat(new String(entries.get("module/code/__torch__.py"), StandardCharsets.UTF_8)).isEqualTo("""
                class Twice(Module):
                  __parameters__ = []
                  __buffers__ = []
                  training : bool
                  def forward(self: __torch__.Twice, x: Tensor) -> Tensor:
                    return torch.add(x, x)
                """);
        assertThat(entries.get("module/constants.pkl")).containsExactly(0x80, 2, ')', '.');
    }

    @Test
    void picklesTheModuleAsAnObjectOfTheClassWithTrainingOff() {
        byte[] pickle = ScriptModuleArchive.pickledModule("Twice");
        String text = new String(pickle, StandardCharsets.ISO_8859_1);

        assertThat(pickle[0]).isEqualTo((byte) 0x80);
        assertThat(text).contains("c__torch__\nTwice\n").contains("training");
        // NEWFALSE for training, then SETITEMS, BUILD, STOP.
        assertThat(text).endsWith("\u0089ub.");
    }

    @Test
    void refusesAClassNameThatIsNotAnIdentifier() {
        assertThatThrownBy(() -> ScriptModuleArchive.of("Bad Name", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScriptModuleArchive.of("a\nclass X", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
