package dev.poofbg.worker.image;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Adler32;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PngEncoderTest {
    @Test
    void everyFilterAndLevelRoundTripsExactly() throws Exception {
        int width = 37;
        int height = 23;
        int[] argb = new int[width * height];
        Random random = new Random(7);
        for (int i = 0; i < argb.length; i++) {
            // a smooth gradient with noise, so that every filter has something to predict
            argb[i] = random.nextInt(256) << 24 | (i % width * 6) << 16 | (i / width * 10) << 8 | random.nextInt(256);
        }
        for (PngEncoder.Filter filter : PngEncoder.Filter.values()) {
            for (int level : new int[] {0, 1, 6, 9}) {
                byte[] png = new PngEncoder(level, filter).encodeRgba(width, height, (y, row) -> {
                    for (int x = 0; x < width; x++) {
                        int px = argb[y * width + x];
                        row[4 * x] = (byte) (px >> 16);
                        row[4 * x + 1] = (byte) (px >> 8);
                        row[4 * x + 2] = (byte) px;
                        row[4 * x + 3] = (byte) (px >>> 24);
                    }
                });
                BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
                assertEquals(width, decoded.getWidth());
                assertEquals(height, decoded.getHeight());
                for (int i = 0; i < argb.length; i++) {
                    assertEquals(argb[i], decoded.getRGB(i % width, i / width), filter + " level " + level + " pixel " + i);
                }
            }
        }
    }

    @Test
    void largeImagesSpanSeveralDataChunks() throws Exception {
        int width = 700;
        int height = 500;
        byte[] png = new PngEncoder(1, PngEncoder.Filter.UP).encodeRgba(width, height, PngEncoderTest::noise);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(width, decoded.getWidth());
        assertEquals(height, decoded.getHeight());
        assertEquals((long) height * (width * 4 + 1), inflateImageData(png), "one complete zlib stream");
    }

    @Test
    void bandsCompressedAtOnceMakeTheSameImage() throws Exception {
        int width = 640;
        int height = 480;
        PngEncoder.RowSource rows = (y, row) -> {
            for (int x = 0; x < width; x++) {
                // a gradient with a noisy stripe, so that bands differ and references cross band borders
                int n = (x * 31 + y * 17) % 97 < 9 ? (x * y * 2654435761L >>> 24) > 128 ? 40 : 0 : 0;
                row[4 * x] = (byte) (x / 3 + n);
                row[4 * x + 1] = (byte) (y / 2);
                row[4 * x + 2] = (byte) (x + y);
                row[4 * x + 3] = (byte) (x < 100 ? 0 : 255 - n);
            }
        };
        BufferedImage reference = ImageIO.read(new ByteArrayInputStream(
                new PngEncoder(1, PngEncoder.Filter.UP, 1).encodeRgba(width, height, rows)));
        for (PngEncoder.Filter filter : PngEncoder.Filter.values()) {
            for (int bands : new int[] {2, 3, 7}) {
                byte[] png = new PngEncoder(1, filter, bands).encodeRgba(width, height, rows);
                assertEquals((long) height * (width * 4 + 1), inflateImageData(png), filter + " in " + bands + " bands");
                BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        assertEquals(reference.getRGB(x, y), decoded.getRGB(x, y), filter + " " + bands + " bands at " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void adler32OfConcatenationIsCombinedFromItsParts() {
        Random random = new Random(3);
        for (int lengthB : new int[] {0, 1, 65520, 65521, 65522, 300_000}) {
            byte[] a = new byte[random.nextInt(100_000)];
            byte[] b = new byte[lengthB];
            random.nextBytes(a);
            random.nextBytes(b);
            Adler32 whole = new Adler32();
            whole.update(a);
            whole.update(b);
            Adler32 first = new Adler32();
            first.update(a);
            Adler32 second = new Adler32();
            second.update(b);
            assertEquals(whole.getValue(), PngEncoder.combineAdler32(first.getValue(), second.getValue(), lengthB));
        }
    }

    @Test
    void zlibHeaderPassesItsCheckForEveryLevel() {
        for (int level = 0; level <= 9; level++) {
            byte[] header = PngEncoder.zlibHeader(level);
            assertEquals(0, ((header[0] & 0xFF) * 256 + (header[1] & 0xFF)) % 31, "level " + level);
        }
    }

    /** Incompressible but a pure function of the row: bands may ask for a row twice. */
    private static void noise(int y, byte[] row) {
        new Random(y).nextBytes(row);
    }

    /**
     * Inflates the concatenated IDAT data to its end, which checks the stream's Adler-32 (a wrong one
     * throws); returns the number of bytes it holds.
     */
    private static long inflateImageData(byte[] png) throws Exception {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int offset = 8;
        while (offset < png.length) {
            int length = ByteBuffer.wrap(png, offset, 4).getInt();
            String type = new String(png, offset + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("IDAT")) {
                data.write(png, offset + 8, length);
            }
            offset += 12 + length;
        }
        Inflater inflater = new Inflater();
        inflater.setInput(data.toByteArray());
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                throw new AssertionError("truncated zlib stream");
            }
            total += n;
        }
        inflater.end();
        return total;
    }
}
