package dev.poofbg.worker.image;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Matting of the uncertain band on edges whose true alpha and colours are known. */
class EdgeMattingTest {

    private static final int WIDTH = 320;
    private static final int HEIGHT = 64;
    /** The model saw the image at a quarter of its size: one model pixel is 4 image pixels. */
    private static final float MODEL_PIXEL = EdgeMatting.modelPixel(WIDTH, HEIGHT, 80, 16);
    private static final EdgeMatting MATTING = EdgeMatting.DEFAULT;

    /** 1 left of {@code from}, falling linearly to 0 at {@code to}, 0 beyond. */
    private static double ramp(int x, int from, int to) {
        return x < from ? 1 : x >= to ? 0 : 1 - (x - from + 0.5) / (to - from);
    }

    /** The mask as a soft model gives it: the true edge (100 to 108) smeared over 94 to 114. */
    private static byte[] softMask() {
        return mask(94, 114);
    }

    private static byte[] mask(int from, int to) {
        byte[] alpha = new byte[WIDTH * HEIGHT];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (byte) Math.round(255 * ramp(i % WIDTH, from, to));
        }
        return alpha;
    }

    /** A red subject's edge over green, I = F a + B (1 - a), with the true alpha ramping from x = 100 to 108. */
    private static DecodedImage redOverGreen() {
        int[] argb = new int[WIDTH * HEIGHT];
        for (int i = 0; i < argb.length; i++) {
            double a = ramp(i % WIDTH, 100, 108);
            argb[i] = 0xFF000000 | (int) Math.round(255 * a) << 16 | (int) Math.round(255 * (1 - a)) << 8 | 40;
        }
        return DecodedImage.of(argb, WIDTH, HEIGHT, false);
    }

    @Test
    void aSoftMaskFollowsTheImagesEdgeAndTheEdgeGetsTheSubjectsColour() {
        byte[] alpha = softMask();
        DecodedImage image = redOverGreen();
        double before = bandError(alpha);

        MATTING.refine(image, alpha, MODEL_PIXEL, true);

        assertThat(bandError(alpha)).as("alpha error over x 90 to 120").isLessThan(before / 4);
        for (int y = 0; y < HEIGHT; y += 9) {
            for (int x = 100; x < 108; x++) {
                int p = y * WIDTH + x;
                assertThat((alpha[p] & 0xFF) / 255.0).as("alpha at %d,%d", x, y).isCloseTo(ramp(x, 100, 108),
                        org.assertj.core.data.Offset.offset(0.05));
                int px = image.argb()[p];
                assertThat(px >> 16 & 0xFF).as("red at %d,%d", x, y).isGreaterThan(240);
                assertThat(px >> 8 & 0xFF).as("green at %d,%d", x, y).isLessThan(15);
                assertThat(px >>> 24).as("the pixel's own alpha byte is kept").isEqualTo(0xFF);
            }
        }
    }

    @Test
    void theEdgeMovesWithinTheModelsDecisionNeverAcrossIt() {
        // The model put its edge 10 pixels right of the true one: x 104 to 113 are background, the mask says subject.
        byte[] alpha = mask(104, 124);
        byte[] mask = alpha.clone();
        DecodedImage image = redOverGreen();

        MATTING.refine(image, alpha, MODEL_PIXEL, true);

        for (int i = 0; i < alpha.length; i++) {
            assertThat((alpha[i] & 0xFF) >= 128).as("subject or not at x %d", i % WIDTH)
                    .isEqualTo((mask[i] & 0xFF) >= 128);
        }
        assertThat(alpha[32 * WIDTH + 118] & 0xFF).as("the background beyond the decision, mostly cleared")
                .isLessThan((mask[32 * WIDTH + 118] & 0xFF) / 4);
    }

    @Test
    void surePixelsKeepTheirAlphaAndColour() {
        byte[] alpha = softMask();
        byte[] mask = alpha.clone();
        DecodedImage image = redOverGreen();
        int[] colours = image.argb().clone();

        MATTING.refine(image, alpha, MODEL_PIXEL, true);

        for (int i = 0; i < alpha.length; i++) {
            int x = i % WIDTH;
            if (x < 92 || x > 120) { // alpha sure (>= 0.95 or <= 0.05) for at least one model pixel around
                assertThat(alpha[i]).as("alpha at x %d", x).isEqualTo(mask[i]);
                assertThat(image.argb()[i]).as("colour at x %d", x).isEqualTo(colours[i]);
            }
        }
    }

    @Test
    void whereSubjectAndBackgroundShareTheirColourTheMaskDecides() {
        byte[] alpha = softMask();
        byte[] mask = alpha.clone();
        int[] grey = new int[WIDTH * HEIGHT];
        java.util.Arrays.fill(grey, 0xFF808080);
        DecodedImage image = DecodedImage.of(grey, WIDTH, HEIGHT, false);

        MATTING.refine(image, alpha, MODEL_PIXEL, true);

        assertThat(alpha).isEqualTo(mask);
        assertThat(image.argb()).isEqualTo(grey);
    }

    @Test
    void withoutColoursOnlyTheAlphaChanges() {
        byte[] alpha = softMask();
        DecodedImage image = redOverGreen();
        int[] colours = image.argb().clone();

        MATTING.refine(image, alpha, MODEL_PIXEL, false);

        assertThat(image.argb()).isEqualTo(colours);
        assertThat(alpha).isNotEqualTo(softMask());
    }

    @Test
    void theTrimapKeepsAMarginAroundEveryUnsurePixel() {
        byte[] alpha = new byte[9 * 3];
        java.util.Arrays.fill(alpha, 0, 9 * 3, (byte) 255);
        for (int y = 0; y < 3; y++) {
            for (int x = 5; x < 9; x++) {
                alpha[y * 9 + x] = 0;
            }
            alpha[y * 9 + 4] = (byte) 128;
        }
        byte[] trimap = EdgeMatting.trimap(alpha, 9, 3, 1);
        for (int y = 0; y < 3; y++) {
            assertThat(java.util.Arrays.copyOfRange(trimap, y * 9, y * 9 + 9)).containsExactly(
                    EdgeMatting.SURE_SUBJECT, EdgeMatting.SURE_SUBJECT, EdgeMatting.SURE_SUBJECT, EdgeMatting.UNKNOWN,
                    EdgeMatting.UNKNOWN, EdgeMatting.UNKNOWN, EdgeMatting.SURE_BACKGROUND,
                    EdgeMatting.SURE_BACKGROUND, EdgeMatting.SURE_BACKGROUND);
        }
    }

    /** Mean |alpha - truth| over x 90 to 120. */
    private static double bandError(byte[] alpha) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 90; x <= 120; x++) {
                sum += Math.abs((alpha[y * WIDTH + x] & 0xFF) / 255.0 - ramp(x, 100, 108));
                n++;
            }
        }
        return sum / n;
    }
}
