package dev.poofbg.worker.image;

import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.worker.InputRejectedException;

import dev.poofbg.worker.model.SaliencyMask;
import dev.poofbg.worker.model.ModelInferenceException;
import dev.poofbg.worker.model.SaliencyModel;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Composition and output of the pipeline, with a model that answers a fixed mask (the real model's
 * behaviour is covered by the model tests and JobFlowTest).
 */
class ImagePipelineTest {
    /** Left half of the mask 1, right half 0.5, bottom row 0 (4x4 mask). */
    private static final SaliencyModel FIXED_MASK = model("fixed", image -> {
        float[] values = new float[16];
        Arrays.fill(values, 1f);
        for (int y = 0; y < 4; y++) {
            values[y * 4 + 2] = 0.5f;
            values[y * 4 + 3] = 0.5f;
        }
        Arrays.fill(values, 12, 16, 0f);
        return new SaliencyMask(4, 4, values);
    });

    private final ImagePipeline pipeline = new ImagePipeline(new ImageDecoder(1_000_000), FIXED_MASK,
            new MaskUpsampler(false, 1, 1e-4), new PngEncoder(1, PngEncoder.Filter.UP), new PixelBudget(1_000_000));

    @Test
    void alphaIsTheMaskTimesTheInputsOwnAlpha() throws Exception {
        BufferedImage input = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                input.setRGB(x, y, 0xFF336699);
            }
        }
        input.setRGB(0, 0, 0x80336699); // half-transparent input pixel under a full mask
        input.setRGB(3, 1, 0x80336699); // half-transparent input pixel under a half mask

        CutoutResult result = pipeline.cutOut(TestImages.encode(input, "png"));
        assertEquals(4, result.width());
        assertEquals(4, result.height());
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(result.bytes()));
        assertEquals(0x80336699, out.getRGB(0, 0));
        assertEquals(0xFF336699, out.getRGB(1, 1));
        assertEquals(0x80336699, out.getRGB(3, 2)); // mask 0.5 x opaque
        assertEquals(0x40336699, out.getRGB(3, 1)); // mask 0.5 x alpha 0.5
        assertEquals(0x00000000, out.getRGB(0, 3)); // mask 0: invisible, colour zeroed
    }

    @Test
    void aFailingModelFailsTheCutOutWithItsOwnError() throws Exception {
        SaliencyModel failing = model("failing", image -> {
            throw new ModelInferenceException("segmentation failed: out of memory", null);
        });
        PixelBudget budget = new PixelBudget(1024);
        ImagePipeline guided = new ImagePipeline(new ImageDecoder(1_000_000), failing,
                new MaskUpsampler(true, 1, 1e-4), new PngEncoder(1, PngEncoder.Filter.UP), budget);
        byte[] png = TestImages.encode(new BufferedImage(40, 10, BufferedImage.TYPE_3BYTE_BGR), "png");

        assertThrows(ModelInferenceException.class, () -> guided.cutOut(png));
        assertEquals(1024, budget.available(), "the image's admission is given back");
    }

    @Test
    void outputHasTheOrientedInputsResolution() throws Exception {
        BufferedImage input = new BufferedImage(40, 10, BufferedImage.TYPE_3BYTE_BGR);
        byte[] jpeg = TestImages.withExifOrientation(TestImages.encode(input, "jpeg"), 6);
        CutoutResult result = pipeline.cutOut(jpeg);
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(result.bytes()));
        assertEquals(10, out.getWidth());
        assertEquals(40, out.getHeight());
        assertEquals(10, result.width());
        assertEquals(40, result.height());
        assertEquals(true, out.getColorModel().hasAlpha());
    }

    @Test
    void theDefaultCutOutComesWithAThumbnailOfAtMost256PxKeepingItsTransparency() throws Exception {
        BufferedImage input = new BufferedImage(1000, 500, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 500; y++) {
            for (int x = 0; x < 1000; x++) {
                input.setRGB(x, y, 0x336699);
            }
        }
        CutoutResult result = pipeline.cutOut(TestImages.encode(input, "png"));
        assertEquals(1000, result.width());
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(result.thumbnail()));
        assertEquals(256, thumbnail.getWidth());
        assertEquals(128, thumbnail.getHeight());
        assertEquals(0xFF336699, thumbnail.getRGB(10, 10)); // mask 1
        assertEquals(0x00000000, thumbnail.getRGB(10, 127)); // the mask's bottom row 0: transparent, colour zeroed

        CutoutResult small = pipeline.cutOut(TestImages.encode(new BufferedImage(100, 80,
                BufferedImage.TYPE_INT_RGB), "png"));
        BufferedImage same = ImageIO.read(new ByteArrayInputStream(small.thumbnail()));
        assertEquals(100, same.getWidth());
        assertEquals(80, same.getHeight());
    }

    /** A model double announcing 4x4 masks. */
    private static SaliencyModel model(String name, Function<BufferedImage, SaliencyMask> predict) {
        return model(name, 4, 4, predict);
    }

    private static SaliencyModel model(String name, int maskWidth, int maskHeight,
                                       Function<BufferedImage, SaliencyMask> predict) {
        return new SaliencyModel() {
            @Override
            public SaliencyMask predict(BufferedImage image) {
                return predict.apply(image);
            }

            @Override
            public int maskWidth() {
                return maskWidth;
            }

            @Override
            public int maskHeight() {
                return maskHeight;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void edgeMattingSharpensASoftMaskOnAClearEdgeAndGivesTheEdgeTheSubjectsColour() throws Exception {
        // The image: red left of x = 32, green right of it. The model (16 x 4) is unsure over a band of five of its
        // pixels, 20 image pixels, around the edge.
        BufferedImage input = new BufferedImage(64, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 64; x++) {
                input.setRGB(x, y, x < 32 ? 0xE01010 : 0x10C010);
            }
        }
        SaliencyModel soft = model("soft", 16, 4, image -> {
            float[] values = new float[64];
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.max(0, Math.min(1, 0.5f - (i % 16 - 7.5f) / 4));
            }
            return new SaliencyMask(16, 4, values);
        });
        java.util.List<String> stages = new java.util.ArrayList<>();
        ImagePipeline matted = new ImagePipeline(new ImageDecoder(1_000_000), new ImageDecoder(1_000_000), soft,
                new MaskUpsampler(false, 1, 1e-4), new PngEncoder(1, PngEncoder.Filter.UP), new PixelBudget(1_000_000),
                new ImageEncoders(0.9f, new WebpEncoder(0)), false, null, EdgeMatting.DEFAULT, stage -> {
                    stages.add(stage);
                    return () -> { };
                });
        ImagePipeline plain = new ImagePipeline(new ImageDecoder(1_000_000), soft, new MaskUpsampler(false, 1, 1e-4),
                new PngEncoder(1, PngEncoder.Filter.UP), new PixelBudget(1_000_000), false, null);
        byte[] png = TestImages.encode(input, "png");

        BufferedImage before = ImageIO.read(new ByteArrayInputStream(plain.cutOut(png).bytes()));
        BufferedImage after = ImageIO.read(new ByteArrayInputStream(matted.cutOut(png).bytes()));

        assertTrue(stages.contains("matting"), "the matting is a stage of its own: " + stages);
        for (int y = 0; y < 16; y++) {
            assertTrue((before.getRGB(29, y) >>> 24) < 230 && (before.getRGB(35, y) >>> 24) > 25,
                    "the soft mask alone leaves the edge soft");
            for (int x = 24; x < 32; x++) {
                assertTrue((after.getRGB(x, y) >>> 24) >= 250, "subject at " + x + "," + y);
                int rgb = after.getRGB(x, y);
                assertTrue(Math.abs((rgb >> 16 & 0xFF) - 0xE0) <= 2 && Math.abs((rgb >> 8 & 0xFF) - 0x10) <= 2
                        && Math.abs((rgb & 0xFF) - 0x10) <= 2, "the subject's colour at " + x + "," + y + ": "
                        + Integer.toHexString(rgb));
            }
            for (int x = 32; x < 40; x++) {
                assertTrue((after.getRGB(x, y) >>> 24) <= 5, "background at " + x + "," + y);
            }
        }
    }

    @Test
    void onlyTheRegionOfInterestIsSegmentedEverythingOutsideIsBackground() throws Exception {
        BufferedImage input = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        OutputOptions left = OutputOptions.DEFAULT.placed(OutputOptions.roi("0% 0% 50% 100%"), null, null, null);
        CutoutResult result = pipeline.cutOut(TestImages.encode(input, "png"), left);
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(result.bytes()));
        assertEquals(8, out.getWidth());
        assertEquals(255, out.getRGB(0, 0) >>> 24, "the fixed mask is opaque at the region's top left");
        for (int y = 0; y < 8; y++) {
            for (int x = 4; x < 8; x++) {
                assertEquals(0, out.getRGB(x, y) >>> 24, "outside the region at " + x + "," + y);
            }
        }
    }

    @Test
    void aRegionOutsideTheImageFailsTheJobNamingIt() throws Exception {
        byte[] png = TestImages.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png");
        OutputOptions outside = OutputOptions.DEFAULT.placed(OutputOptions.roi("20px 0px 40px 8px"), null, null, null);
        InputRejectedException refused = assertThrows(InputRejectedException.class, () -> pipeline.cutOut(png, outside));
        assertEquals("roi 20px 0px 40px 8px holds no pixel of the 8 x 8 image", refused.getMessage());
    }

    @Test
    void anOversizedBackgroundImageIsRefusedFromItsHeaderNamingTheParameter() throws Exception {
        byte[] png = TestImages.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png");
        byte[] huge = TestImages.encode(new BufferedImage(1200, 1000, BufferedImage.TYPE_INT_RGB), "png");
        OutputOptions withBackground = OutputOptions.DEFAULT.placed(null, null, null, "https://example.com/bg.png");
        InputRejectedException refused = assertThrows(InputRejectedException.class,
                () -> pipeline.cutOut(png, withBackground, huge));
        assertTrue(refused.getMessage().startsWith("bg_image_url: Image is too large: 1200 x 1000 pixels"),
                refused.getMessage());
    }
}
