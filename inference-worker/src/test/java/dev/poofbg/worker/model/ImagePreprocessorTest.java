package dev.poofbg.worker.model;

import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.OptionalInt;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ImagePreprocessorTest {

    private static final float[] ZERO = {0, 0, 0};
    private static final float[] ONE = {1, 1, 1};

    @BeforeAll
    static void offline() {
        SaliencyModels.configureEngine(OptionalInt.empty());
    }

    @Test
    void sameSizeIsTheNormalisedPixelsInChwOrder() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xFF8000);
        image.setRGB(1, 0, 0x0000FF);
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};
        float[] chw = new ImagePreprocessor(2, 1, mean, std).toChw(image);
        float[] expected = {
            (1f - mean[0]) / std[0], (0f - mean[0]) / std[0],
            (128 / 255f - mean[1]) / std[1], (0f - mean[1]) / std[1],
            (0f - mean[2]) / std[2], (1f - mean[2]) / std[2]};
        assertThat(chw).containsExactly(expected, within(1e-5f));
    }

    @Test
    void everyDecodedTypeGivesTheSameTensor() {
        BufferedImage rgb = ModelFixtures.photo("chelsea.jpg");
        ImagePreprocessor pre = new ImagePreprocessor(320, 320, ModelFixtures.MEAN, ModelFixtures.STD);
        float[] reference = pre.toChw(convert(rgb, BufferedImage.TYPE_INT_RGB));
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_ARGB,
                BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_BGR}) {
            assertThat(pre.toChw(convert(rgb, type))).as("type %d", type).isEqualTo(reference);
        }
        // A sub-image shares the parent's raster with an offset: rows must still be read from the right place.
        BufferedImage parent = convert(rgb, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage sub = parent.getSubimage(10, 20, 200, 100);
        assertThat(pre.toChw(sub)).isEqualTo(pre.toChw(convert(sub, BufferedImage.TYPE_INT_RGB)));
    }

    @Test
    void shrinkingAveragesWholeBlocks() {
        // 4x4 -> 2x2: each output pixel is the mean of one 2x2 block.
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        int[] grey = {0, 40, 80, 120, 160, 200, 240, 20, 60, 100, 140, 180, 220, 10, 30, 50};
        for (int i = 0; i < 16; i++) {
            image.setRGB(i % 4, i / 4, grey[i] * 0x010101);
        }
        float[] chw = new ImagePreprocessor(2, 2, ZERO, ONE).toChw(image);
        float[] expected = {
            (0 + 40 + 160 + 200) / 4f / 255, (80 + 120 + 240 + 20) / 4f / 255,
            (60 + 100 + 220 + 10) / 4f / 255, (140 + 180 + 30 + 50) / 4f / 255};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                assertThat(chw[c * 4 + i]).isCloseTo(expected[i], within(1e-6f));
            }
        }
    }

    @Test
    void growingMatchesTheEngineBilinearResize() {
        // Upscaling must be PyTorch's bilinear with align_corners=False: compare with DJL's resize on the engine.
        Random random = new Random(7);
        BufferedImage image = new BufferedImage(13, 9, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 13; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        float[] chw = new ImagePreprocessor(40, 30, ZERO, ONE).toChw(image);
        try (NDManager manager = NDManager.newBaseManager()) {
            Image djlImage = ImageFactory.getInstance().fromImage(image);
            NDArray hwc = djlImage.toNDArray(manager).toType(DataType.FLOAT32, false);
            NDArray resized = NDImageUtils.resize(hwc, 40, 30, Image.Interpolation.BILINEAR)
                    .div(255f).transpose(2, 0, 1);
            assertThat(resized.getShape()).isEqualTo(new Shape(3, 30, 40));
            float[] expected = resized.toFloatArray();
            assertThat(chw).hasSameSizeAs(expected);
            for (int i = 0; i < chw.length; i++) {
                assertThat(chw[i]).as("element %d", i).isCloseTo(expected[i], within(1e-5f));
            }
        }
    }

    private static BufferedImage convert(BufferedImage src, int type) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
        out.getGraphics().drawImage(src, 0, 0, null);
        return out;
    }
}
