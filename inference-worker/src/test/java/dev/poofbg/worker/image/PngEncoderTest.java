package dev.poofbg.worker.image;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;

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
        Random random = new Random(1);
        byte[] noise = new byte[width * 4];
        byte[] png = new PngEncoder(1, PngEncoder.Filter.UP).encodeRgba(width, height, (y, row) -> {
            random.nextBytes(noise); // incompressible: output well above one 64 KiB IDAT
            System.arraycopy(noise, 0, row, 0, row.length);
        });
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(width, decoded.getWidth());
        assertEquals(height, decoded.getHeight());
    }
}
