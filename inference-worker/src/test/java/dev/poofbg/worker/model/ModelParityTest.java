package dev.poofbg.worker.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java U^2-Net-p with the imported weights against ONNX Runtime running the original u2netp.onnx, on real
 * photographs (src/test/resources/photos/MANIFEST.md). Same input tensor on both sides, so only the network is
 * compared: convolutions (all dilations), the ceil-mode max-pool, the bilinear half-pixel resize, concat, sigmoid.
 */
class ModelParityTest {

    /**
     * A correct import agrees to float rounding: mean |diff| ~1e-6, max ~5e-5 (ONNX Runtime's own optimisation
     * levels differ from each other by 6e-5 on these photos). A wrong weight, pad or resize gives 1e-2 and more.
     */
    private static final float D0_TOLERANCE = 1e-4f;

    static final java.util.List<String> PHOTOS = ModelFixtures.PHOTOS;

    private static OrtEnvironment env;
    private static OrtSession session;
    private static Model model;

    @BeforeAll
    static void load() throws OrtException {
        SaliencyModels.configureEngine(java.util.OptionalInt.empty());
        env = OrtEnvironment.getEnvironment();
        session = ModelFixtures.ortSession(env, 2);
        model = ModelFixtures.javaU2netp(Device.cpu());
    }

    @AfterAll
    static void close() throws OrtException {
        model.close();
        session.close();
    }

    @ParameterizedTest
    @FieldSource("PHOTOS")
    void d0MatchesOnnxRuntime(String photo) throws OrtException {
        BufferedImage image = ModelFixtures.photo(photo);
        ImagePreprocessor pre = new ImagePreprocessor(320, 320, ModelFixtures.MEAN, ModelFixtures.STD);
        float[] chw = pre.toChw(image);

        float[] expected = ModelFixtures.ortD0(env, session, chw, 320, 320);
        float[] actual = javaD0(pre.toHwc(image), 320, 320);

        assertThat(actual).hasSize(320 * 320).hasSameSizeAs(expected);
        float maxDiff = ModelFixtures.maxAbsDiff(actual, expected);
        System.out.printf("parity %-14s max|d0 java - d0 onnxruntime| = %.3e, mean %.3e%n", photo, maxDiff,
                meanAbsDiff(actual, expected));
        assertThat(maxDiff).isLessThanOrEqualTo(D0_TOLERANCE);
        // Guard against a vacuous pass (e.g. both sides constant): a photo with a subject spans the range.
        assertThat(max(expected) - min(expected)).isGreaterThan(0.5f);
    }

    @Test
    void oddInputSizesExerciseCeilModePoolingAndResizeToo() throws OrtException, java.io.IOException {
        // 333 -> 167 -> 84 -> 42 -> 21 -> 11: odd sizes at several depths, so ceil-mode windows and
        // non-trivial upsampling sizes are both compared against the reference.
        BufferedImage image = ModelFixtures.photo("chelsea.jpg");
        ImagePreprocessor pre = new ImagePreprocessor(333, 333, ModelFixtures.MEAN, ModelFixtures.STD);
        float[] chw = pre.toChw(image);
        float[] expected;
        try (OrtSession resized = ModelFixtures.ortSession(env, 2, 333)) {
            expected = ModelFixtures.ortD0(env, resized, chw, 333, 333);
        }
        float[] actual = javaD0(pre.toHwc(image), 333, 333);
        assertThat(actual).hasSize(333 * 333);
        float maxDiff = ModelFixtures.maxAbsDiff(actual, expected);
        System.out.printf("parity 333x333 chelsea max|diff| = %.3e%n", maxDiff);
        assertThat(maxDiff).isLessThanOrEqualTo(D0_TOLERANCE);
    }

    @Test
    void predictorMaskIsTheMinMaxNormalisedD0() throws OrtException {
        BufferedImage image = ModelFixtures.photo("astronaut.jpg");
        ImagePreprocessor pre = new ImagePreprocessor(320, 320, ModelFixtures.MEAN, ModelFixtures.STD);
        float[] reference = SaliencyTranslator.minMaxNormalise(
                ModelFixtures.ortD0(env, session, pre.toChw(image), 320, 320));
        try (SaliencyModel saliency = SaliencyModels.packagedU2netp(Device.cpu(), pre)) {
            SaliencyMask mask = saliency.predict(image);
            assertThat(mask.width()).isEqualTo(320);
            assertThat(mask.height()).isEqualTo(320);
            assertThat(min(mask.values())).isEqualTo(0f);
            assertThat(max(mask.values())).isEqualTo(1f);
            assertThat(ModelFixtures.maxAbsDiff(mask.values(), reference)).isLessThanOrEqualTo(2 * D0_TOLERANCE);
            // The astronaut's face is salient; the flag (top left) and the backdrop (top right) are not.
            assertThat(mask.at(140, 60)).isGreaterThan(0.9f);
            assertThat(mask.at(5, 5)).isLessThan(0.1f);
            assertThat(mask.at(310, 10)).isLessThan(0.1f);
        }
    }

    /** Fed as the translator feeds it: channels-last memory seen as NCHW. */
    private static float[] javaD0(float[] hwc, int height, int width) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(FloatBuffer.wrap(hwc), new Shape(1, height, width, 3)).transpose(0, 3, 1, 2);
            NDList out = model.getBlock().forward(new ParameterStore(manager, false), new NDList(input), false);
            return out.singletonOrThrow().toFloatArray();
        }
    }

    static double meanAbsDiff(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    private static float max(float[] values) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static float min(float[] values) {
        float m = Float.POSITIVE_INFINITY;
        for (float v : values) {
            m = Math.min(m, v);
        }
        return m;
    }
}
