package dev.poofbg.worker.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the archive of a TorchScript module that has methods and no state (no parameters, no attributes other than
 * {@code training}), in the layout {@code torch.jit.save} produces and libtorch's loader reads: the class source under
 * {@code code/}, the pickled module object in {@code data.pkl}, an empty constants table and the format version.
 * Entries are stored uncompressed, as PyTorch writes them.
 */
public final class ScriptModuleArchive {

    /** Format 3 is the oldest archive format with code/ and data.pkl; libtorch 2.x reads it without upgraders. */
    private static final String FORMAT_VERSION = "3\n";
    private static final String ROOT = "module/";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ScriptModuleArchive() {
    }

    /**
     * @param className the class name, declared in the {@code __torch__} namespace
     * @param methods   TorchScript method definitions, each starting with {@code def name(self, ...)}, indented by
     *                  two spaces as class members
     */
    public static byte[] of(String className, String methods) {
        if (!IDENTIFIER.matcher(className).matches()) {
            throw new IllegalArgumentException("not a TorchScript class name: " + className);
        }
        String source = "class " + className + "(Module):\n"
                + "  __parameters__ = []\n"
                + "  __buffers__ = []\n"
                + "  training : bool\n"
                + methods.replace("self,", "self: __torch__." + className + ",");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, "data.pkl", pickledModule(className));
            stored(zip, "code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(zip, "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            stored(zip, "version", FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Pickle protocol 2, as TorchScript's pickler writes an object: GLOBAL '__torch__ Class', EMPTY_TUPLE, NEWOBJ,
     * then its attributes as a dict ({@code training: False}), BUILD, STOP.
     */
    static byte[] pickledModule(String className) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        out.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(')');
        out.write(0x81);
        out.write('}');
        out.write('(');
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        out.write('X');
        out.write(key.length);
        out.write(0);
        out.write(0);
        out.write(0);
        out.writeBytes(key);
        out.write(0x89);
        out.write('u');
        out.write('b');
        out.write('.');
        return out.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(ROOT + name);
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
