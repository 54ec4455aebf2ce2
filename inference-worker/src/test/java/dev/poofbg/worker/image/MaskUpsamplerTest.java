package dev.poofbg.worker.image;

import dev.poofbg.worker.model.SaliencyMask;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskUpsamplerTest {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 40;
    private static final int EDGE = 403;

    @Test
    void bilinearMatchesHalfPixelSampling() {
        // 2x1 mask [0, 1] to 4 pixels: PyTorch (align_corners=False) gives 0, 0.25, 0.75, 1
        SaliencyMask mask = new SaliencyMask(2, 1, new float[] {0f, 1f});
        byte[] alpha = MaskUpsampler.bilinearAlpha(mask, 4, 1);
        assertEquals(0, alpha[0] & 0xFF);
        assertEquals(64, alpha[1] & 0xFF);
        assertEquals(191, alpha[2] & 0xFF);
        assertEquals(255, alpha[3] & 0xFF);
    }

    @Test
    void guidedFilterSnapsASoftMaskToTheImageEdge() {
        DecodedImage image = edgeImage();
        SaliencyMask mask = softEdgeMask();
        double bilinearError = edgeError(new MaskUpsampler(false, 2, 1e-4).alpha(mask, image), WIDTH, EDGE);
        double guidedError = edgeError(new MaskUpsampler(true, 2, 1e-4).alpha(mask, image), WIDTH, EDGE);
        assertTrue(guidedError < bilinearError * 0.7, "guided " + guidedError + " vs bilinear " + bilinearError);
    }

    @Test
    void aGuideComputedBeforeTheMaskGivesTheSameAlpha() {
        DecodedImage image = edgeImage();
        SaliencyMask mask = softEdgeMask();
        MaskUpsampler upsampler = new MaskUpsampler(true, 2, 1e-4);
        byte[] expected = upsampler.alpha(mask, image);
        assertArrayEquals(expected, upsampler.alpha(mask, upsampler.guide(image, mask.width(), mask.height())));
        // A model whose masks are not the announced size: the guide is fitted again to the mask's grid.
        assertArrayEquals(expected, upsampler.alpha(mask, upsampler.guide(image, 40, 2)));
    }

    @Test
    void smallImagesFallBackToBilinear() {
        SaliencyMask mask = new SaliencyMask(4, 4, new float[16]);
        DecodedImage image = DecodedImage.of(new int[4], 2, 2, false);
        assertEquals(4, new MaskUpsampler(true, 2, 1e-4).alpha(mask, image).length);
    }

    /** White left of x=403, black right of it. */
    private static DecodedImage edgeImage() {
        int[] argb = new int[WIDTH * HEIGHT];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = i % WIDTH < EDGE ? 0xFFFFFFFF : 0xFF000000;
        }
        return DecodedImage.of(argb, WIDTH, HEIGHT, false);
    }

    /** The soft ramp across the edge that a model at a tenth of the resolution gives. */
    private static SaliencyMask softEdgeMask() {
        int sw = 80;
        float[] values = new float[sw * 4];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < sw; x++) {
                double centre = (x + 0.5) * WIDTH / sw;
                values[y * sw + x] = (float) (1 / (1 + Math.exp((centre - EDGE) / 5.0)));
            }
        }
        return new SaliencyMask(sw, 4, values);
    }

    /** Mean absolute alpha error (0..1) on row 20 against the ideal hard edge. */
    private static double edgeError(byte[] alpha, int width, int edge) {
        double sum = 0;
        int row = 20 * width;
        for (int x = 0; x < width; x++) {
            double ideal = x < edge ? 1 : 0;
            sum += Math.abs((alpha[row + x] & 0xFF) / 255.0 - ideal);
        }
        return sum / width;
    }
}
