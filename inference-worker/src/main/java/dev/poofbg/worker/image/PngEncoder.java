package dev.poofbg.worker.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Minimal 8-bit RGBA (or greyscale) PNG writer: one scanline filter for the whole image (or the per-row adaptive
 * heuristic) and {@link Deflater} at a chosen level. Far faster than the ImageIO writer at the
 * levels a service wants (see docs/benchmarks.md, "Worker pipeline"). Large images are compressed
 * in horizontal bands at once, as pigz does: each band is a raw deflate stream ended by a sync flush
 * (the last by the final block), so their concatenation is one valid zlib stream; its Adler-32 is
 * combined from the bands'. A band starts without the previous band's window, which costs a few
 * hundred bytes per band.
 */
public final class PngEncoder {
    public enum Filter { NONE, SUB, UP, PAETH, ADAPTIVE }

    /**
     * Fills {@code row} (width * 4 bytes, RGBA; width bytes for greyscale) with scanline {@code y}. Called from several threads
     * at once and possibly more than once for a row (a band's first row is filtered against the row
     * above it): the rows must be a pure function of {@code y}.
     */
    @FunctionalInterface
    public interface RowSource {
        void fill(int y, byte[] row);
    }

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int IDAT_SIZE = 1 << 16;
    private static final int ADLER_BASE = 65521;
    private static final byte GRAY = 0;
    private static final byte RGBA = 6;

    private final int level;
    private final Filter filter;
    private final int maxBands;

    public PngEncoder(int level, Filter filter) {
        this(level, filter, RowBands.threads());
    }

    /** {@code maxBands} 1 compresses on the calling thread alone. */
    public PngEncoder(int level, Filter filter, int maxBands) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("deflate level must be 0..9");
        }
        if (maxBands < 1) {
            throw new IllegalArgumentException("maxBands must be at least 1");
        }
        this.level = level;
        this.filter = filter;
        this.maxBands = maxBands;
    }

    public byte[] encodeRgba(int width, int height, RowSource rows) {
        return encode(width, height, 4, RGBA, rows);
    }

    /** An 8-bit greyscale PNG; {@code rows} fills {@code width} bytes per scanline. */
    public byte[] encodeGray(int width, int height, RowSource rows) {
        return encode(width, height, 1, GRAY, rows);
    }

    private byte[] encode(int width, int height, int bpp, byte colourType, RowSource rows) {
        int stride = width * bpp;
        int bands = RowBands.count(height, stride, maxBands);
        DeflatedBand[] deflated = new DeflatedBand[bands];
        RowBands.run(bands, height, (index, from, to) ->
                deflated[index] = deflate(stride, bpp, rows, from, to, index == bands - 1));

        int compressed = 0;
        for (DeflatedBand band : deflated) {
            compressed += band.bytes().length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(compressed + compressed / IDAT_SIZE * 12 + 128);
        out.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = colourType;
        writeChunk(out, "IHDR", ihdr, ihdr.length);

        IdatWriter idat = new IdatWriter(out);
        idat.write(zlibHeader(level), 0, 2);
        long adler = 1;
        for (DeflatedBand band : deflated) {
            idat.write(band.bytes(), 0, band.bytes().length);
            adler = combineAdler32(adler, band.adler(), band.length());
        }
        byte[] trailer = new byte[4];
        putInt(trailer, 0, (int) adler);
        idat.write(trailer, 0, 4);
        idat.flush();
        writeChunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
    }

    private record DeflatedBand(byte[] bytes, long adler, long length) {
    }

    /** Rows {@code from} to {@code to}, filtered and deflated; the last band closes the stream. */
    private DeflatedBand deflate(int stride, int bpp, RowSource rows, int from, int to, boolean last) {
        byte[] previous = new byte[stride];
        byte[] current = new byte[stride];
        if (from > 0) {
            rows.fill(from - 1, previous);
        }
        byte[] filtered = new byte[stride + 1];
        byte[][] candidates = filter == Filter.ADAPTIVE ? new byte[4][stride + 1] : null;
        byte[] buffer = new byte[IDAT_SIZE];
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, (to - from) * stride / 4));
        Adler32 adler = new Adler32();
        Deflater deflater = new Deflater(level, true);
        try {
            for (int y = from; y < to; y++) {
                rows.fill(y, current);
                byte[] line = filter == Filter.ADAPTIVE
                        ? adaptive(current, previous, candidates, bpp)
                        : apply(filter, current, previous, filtered, bpp);
                adler.update(line, 0, stride + 1);
                deflater.setInput(line, 0, stride + 1);
                while (!deflater.needsInput()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
                byte[] swap = previous;
                previous = current;
                current = swap;
            }
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
            } else {
                int written;
                do {
                    written = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                    out.write(buffer, 0, written);
                } while (written == buffer.length);
            }
        } finally {
            deflater.end();
        }
        return new DeflatedBand(out.toByteArray(), adler.getValue(), (long) (to - from) * (stride + 1));
    }

    /** RFC 1950 header: deflate with a 32 KiB window, the level hint, and the check bits. */
    static byte[] zlibHeader(int level) {
        int cmf = 0x78;
        int levelHint = level <= 1 ? 0 : level <= 5 ? 1 : level == 6 ? 2 : 3;
        int flg = levelHint << 6;
        flg += (31 - (cmf * 256 + flg) % 31) % 31;
        return new byte[] {(byte) cmf, (byte) flg};
    }

    /** Adler-32 of A followed by B from those of A and B and the length of B (zlib's adler32_combine). */
    static long combineAdler32(long adlerA, long adlerB, long lengthB) {
        long remainder = lengthB % ADLER_BASE;
        long sum1 = adlerA & 0xFFFF;
        long sum2 = remainder * sum1 % ADLER_BASE;
        sum1 += (adlerB & 0xFFFF) + ADLER_BASE - 1;
        sum2 += ((adlerA >> 16) & 0xFFFF) + ((adlerB >> 16) & 0xFFFF) + ADLER_BASE - remainder;
        sum1 %= ADLER_BASE;
        sum2 %= ADLER_BASE;
        return sum1 | (sum2 << 16);
    }

    /** Cuts the zlib stream into IDAT chunks of at most 64 KiB. */
    private static final class IdatWriter {
        private final ByteArrayOutputStream out;
        private final byte[] chunk = new byte[IDAT_SIZE];
        private int length;

        IdatWriter(ByteArrayOutputStream out) {
            this.out = out;
        }

        void write(byte[] bytes, int offset, int count) {
            while (count > 0) {
                int n = Math.min(count, chunk.length - length);
                System.arraycopy(bytes, offset, chunk, length, n);
                length += n;
                offset += n;
                count -= n;
                if (length == chunk.length) {
                    flush();
                }
            }
        }

        void flush() {
            if (length > 0) {
                writeChunk(out, "IDAT", chunk, length);
                length = 0;
            }
        }
    }

    private static byte[] apply(Filter filter, byte[] cur, byte[] prev, byte[] out, int bpp) {
        int n = cur.length;
        switch (filter) {
            case NONE -> {
                out[0] = 0;
                System.arraycopy(cur, 0, out, 1, n);
            }
            case SUB -> {
                out[0] = 1;
                for (int i = 0; i < n; i++) {
                    out[i + 1] = (byte) (cur[i] - (i >= bpp ? cur[i - bpp] : 0));
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
                    int a = i >= bpp ? cur[i - bpp] & 0xFF : 0;
                    int b = prev[i] & 0xFF;
                    int c = i >= bpp ? prev[i - bpp] & 0xFF : 0;
                    out[i + 1] = (byte) (cur[i] - paeth(a, b, c));
                }
            }
            default -> throw new IllegalArgumentException(filter.name());
        }
        return out;
    }

    /** The PNG specification's heuristic: the filter whose output has the smallest sum of |signed bytes|. */
    private static byte[] adaptive(byte[] cur, byte[] prev, byte[][] candidates, int bpp) {
        Filter[] filters = {Filter.NONE, Filter.SUB, Filter.UP, Filter.PAETH};
        byte[] best = null;
        long bestScore = Long.MAX_VALUE;
        for (int f = 0; f < filters.length; f++) {
            byte[] line = apply(filters[f], cur, prev, candidates[f], bpp);
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
