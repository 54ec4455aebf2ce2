package dev.poofbg.worker.image;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Foreground colour estimation on edges whose true colours are known. */
class ForegroundEstimatorTest {

    private static final int WIDTH = 240;
    private static final int HEIGHT = 60;
    private static final int RED = 0xFFFF0000;
    private static final int GREEN = 0xFF00FF00;

    /** Alpha 1 left of x = 100, falling linearly to 0 at x = 120, 0 beyond. */
    private static byte[] ramp() {
        byte[] alpha = new byte[WIDTH * HEIGHT];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                double a = x < 100 ? 1 : x >= 120 ? 0 : 1 - (x - 100) / 20.0;
                alpha[y * WIDTH + x] = (byte) Math.round(a * 255);
            }
        }
        return alpha;
    }

    /** What a camera sees: the red subject's edge blended over a green background, I = F a + B (1 - a). */
    private static DecodedImage observed(byte[] alpha) {
        int[] argb = new int[WIDTH * HEIGHT];
        for (int i = 0; i < argb.length; i++) {
            double a = (alpha[i] & 0xFF) / 255.0;
            int r = (int) Math.round(255 * a);
            int g = (int) Math.round(255 * (1 - a));
            argb[i] = 0xFF000000 | r << 16 | g << 8;
        }
        return DecodedImage.of(argb, WIDTH, HEIGHT, false);
    }

    @Test
    void aKnownEdgeGetsBackTheSubjectsColour() {
        byte[] alpha = ramp();
        DecodedImage image = observed(alpha);
        int before = image.argb()[30 * WIDTH + 110];
        assertThat(before >> 8 & 0xFF).as("green halo before").isGreaterThan(100);

        ForegroundEstimator.decontaminate(image, alpha);

        for (int y = 0; y < HEIGHT; y += 7) {
            for (int x = 101; x < 119; x++) {
                int px = image.argb()[y * WIDTH + x];
                assertThat(px >> 16 & 0xFF).as("red at %d,%d", x, y).isGreaterThan(235);
                assertThat(px >> 8 & 0xFF).as("green at %d,%d", x, y).isLessThan(20);
                assertThat(px >>> 24).as("the pixel's own alpha byte is kept").isEqualTo(0xFF);
            }
        }
    }

    @Test
    void opaqueAndTransparentPixelsKeepTheirColours() {
        byte[] alpha = ramp();
        DecodedImage image = observed(alpha);
        int[] before = image.argb().clone();
        ForegroundEstimator.decontaminate(image, alpha);
        for (int i = 0; i < before.length; i++) {
            int a = alpha[i] & 0xFF;
            if (a == 0 || a == 255) {
                assertThat(image.argb()[i]).isEqualTo(before[i]);
            }
        }
    }

    @Test
    void aHardMaskChangesNothing() {
        byte[] alpha = new byte[WIDTH * HEIGHT];
        int[] argb = new int[WIDTH * HEIGHT];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (byte) (i % WIDTH < 100 ? 255 : 0);
            argb[i] = i % WIDTH < 100 ? RED : GREEN;
        }
        DecodedImage image = DecodedImage.of(argb, WIDTH, HEIGHT, false);
        ForegroundEstimator.decontaminate(image, alpha);
        assertThat(image.argb()).isEqualTo(argb);
    }

    @Test
    void anEdgeAtTheImagesBorderAndALargeImageStayInRange() {
        // A 3000-pixel-wide image: the wide pass runs on cells of 12 pixels; the edge touches the left border.
        int width = 3000;
        int height = 40;
        byte[] alpha = new byte[width * height];
        int[] argb = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double a = x < 10 ? x / 10.0 : x < 1500 ? 1 : 0;
                alpha[y * width + x] = (byte) Math.round(a * 255);
                int r = (int) Math.round(255 * a);
                argb[y * width + x] = 0xFF000000 | r << 16 | (255 - r) << 8;
            }
        }
        DecodedImage image = DecodedImage.of(argb, width, height, false);
        ForegroundEstimator.decontaminate(image, alpha);
        int px = image.argb()[20 * width + 5];
        assertThat(px >> 16 & 0xFF).isGreaterThan(220);
        assertThat(px >> 8 & 0xFF).isLessThan(40);
    }
}
