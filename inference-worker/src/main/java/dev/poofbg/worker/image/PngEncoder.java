package dev.poofbg.worker.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Minimal 8-bit RGBA PNG writer: one scanline filter for the whole image (or the per-row adaptive
 * heuristic) and {@link Deflater} at a chosen level. Far faster than the ImageIO writer at the
 * levels a service wants (see docs/benchmarks.md, "Worker pipeline").
 */
public final class PngEncoder {
    public enum Filter { NONE, SUB, UP, PAETH, ADAPTIVE }

    /** Fills {@code row} (width * 4 bytes, RGBA) with scanline {@code y}. */
    @FunctionalInterface
    public interface RowSource {
        void fill(int y, byte[] row);
    }

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int IDAT_SIZE = 1 << 16;

    private final int level;
    private final Filter filter;

    public PngEncoder(int level, Filter filter) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("deflate level must be 0..9");
        }
        this.level = level;
        this.filter = filter;
    }

    public byte[] encodeRgba(int width, int height, RowSource rows) {
        int stride = width * 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, stride * height / 4));
        out.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // colour type RGBA
        writeChunk(out, "IHDR", ihdr, ihdr.length);

        Deflater deflater = new Deflater(level);
        try {
            byte[] previous = new byte[stride];
            byte[] current = new byte[stride];
            byte[] filtered = new byte[stride + 1];
            byte[][] candidates = filter == Filter.ADAPTIVE ? new byte[4][stride + 1] : null;
            byte[] idat = new byte[IDAT_SIZE];
            int idatLength = 0;
            for (int y = 0; y < height; y++) {
                rows.fill(y, current);
                byte[] line = filter == Filter.ADAPTIVE
                        ? adaptive(current, previous, candidates)
                        : apply(filter, current, previous, filtered);
                deflater.setInput(line, 0, stride + 1);
                if (y == height - 1) {
                    deflater.finish();
                }
                while (!deflater.needsInput() || (y == height - 1 && !deflater.finished())) {
                    idatLength += deflater.deflate(idat, idatLength, idat.length - idatLength);
                    if (idatLength == idat.length) {
                        writeChunk(out, "IDAT", idat, idatLength);
                        idatLength = 0;
                    }
                }
                byte[] swap = previous;
                previous = current;
                current = swap;
            }
            if (idatLength > 0) {
                writeChunk(out, "IDAT", idat, idatLength);
            }
        } finally {
            deflater.end();
        }
        writeChunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
    }

    private static byte[] apply(Filter filter, byte[] cur, byte[] prev, byte[] out) {
        int n = cur.length;
        switch (filter) {
            case NONE -> {
                out[0] = 0;
                System.arraycopy(cur, 0, out, 1, n);
            }
            case SUB -> {
                out[0] = 1;
                for (int i = 0; i < n; i++) {
                    out[i + 1] = (byte) (cur[i] - (i >= 4 ? cur[i - 4] : 0));
                }
            }
            case UP -> {
                out[0] = 2;
                for (int i = 0; i < n; i++) {
                    out[i + 1] = (byte) (cur[i] - prev[i]);
                }
            }
            case PAETH -> {
                out[0] = 4;
                for (int i = 0; i < n; i++) {
                    int a = i >= 4 ? cur[i - 4] & 0xFF : 0;
                    int b = prev[i] & 0xFF;
                    int c = i >= 4 ? prev[i - 4] & 0xFF : 0;
                    out[i + 1] = (byte) (cur[i] - paeth(a, b, c));
                }
            }
            default -> throw new IllegalArgumentException(filter.name());
        }
        return out;
    }

    /** The PNG specification's heuristic: the filter whose output has the smallest sum of |signed bytes|. */
    private static byte[] adaptive(byte[] cur, byte[] prev, byte[][] candidates) {
        Filter[] filters = {Filter.NONE, Filter.SUB, Filter.UP, Filter.PAETH};
        byte[] best = null;
        long bestScore = Long.MAX_VALUE;
        for (int f = 0; f < filters.length; f++) {
            byte[] line = apply(filters[f], cur, prev, candidates[f]);
            long score = 0;
            for (int i = 1; i < line.length; i++) {
                score += Math.abs(line[i]);
            }
            if (score < bestScore) {
                bestScore = score;
                best = line;
            }
        }
        return best;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) {
            return a;
        }
        return pb <= pc ? b : c;
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
        byte[] header = new byte[8];
        putInt(header, 0, length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(typeBytes, 0, header, 4, 4);
        out.write(header, 0, 8);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data, 0, length);
        byte[] trailer = new byte[4];
        putInt(trailer, 0, (int) crc.getValue());
        out.write(trailer, 0, 4);
    }

    private static void putInt(byte[] b, int offset, int v) {
        b[offset] = (byte) (v >>> 24);
        b[offset + 1] = (byte) (v >>> 16);
        b[offset + 2] = (byte) (v >>> 8);
        b[offset + 3] = (byte) v;
    }
}
