package dev.poofbg.worker.model.u2net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.poofbg.worker.model.SaliencyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class OpsTest {

    @BeforeAll
    static void offline() {
        SaliencyModels.configureEngine(OptionalInt.empty());
    }

    @ParameterizedTest
    @CsvSource({"8,8", "7,7", "7,10", "10,7", "1,1", "1,5", "161,161"})
    void stridedSliceMaxPoolEqualsPyTorchCeilModeMaxPool(int h, int w) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(2, 3, h, w));
            Shape two = new Shape(2, 2);
            NDArray expected = JniUtils.maxPool((PtNDArray) x, two, two, new Shape(0, 0), true);
            NDArray actual = Ops.maxPool2x2Ceil(x);
            assertThat(actual.getShape()).isEqualTo(new Shape(2, 3, (h + 1) / 2, (w + 1) / 2));
            assertThat(actual.contentEquals(expected)).isTrue();
        }
    }

    @ParameterizedTest
    @CsvSource({"2,2,4,4,true", "3,5,7,10,true", "11,11,21,21,true", "4,4,4,4,true", "3,5,7,10,false", "11,11,21,21,false"})
    void upsampleIsBilinearWithHalfPixelCentres(int h, int w, int th, int tw, boolean fast) {
        Kernels kernels = fast ? ScriptKernels.INSTANCE : DjlKernels.INSTANCE;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray src = manager.randomUniform(0, 1, new Shape(1, 2, h, w));
            NDArray like = manager.zeros(new Shape(1, 1, th, tw));
            float[] actual = Ops.upsampleLike(kernels, src, like).toFloatArray();
            float[] s = src.toFloatArray();
            // Reference: PyTorch align_corners=False == ONNX Resize coordinate_transformation_mode=pytorch_half_pixel.
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < th; y++) {
                    for (int x = 0; x < tw; x++) {
                        double expected = bilinear(s, c, h, w, y, x, th, tw);
                        assertThat((double) actual[(c * th + y) * tw + x]).isCloseTo(expected,
                                org.assertj.core.data.Offset.offset(1e-6));
                    }
                }
            }
        }
    }

    private static double bilinear(float[] s, int c, int h, int w, int y, int x, int th, int tw) {
        double sy = Math.max(0, (y + 0.5) * h / th - 0.5);
        double sx = Math.max(0, (x + 0.5) * w / tw - 0.5);
        int y0 = (int) sy;
        int x0 = (int) sx;
        int y1 = Math.min(y0 + 1, h - 1);
        int x1 = Math.min(x0 + 1, w - 1);
        double ly = sy - y0;
        double lx = sx - x0;
        int base = c * h * w;
        return (1 - ly) * ((1 - lx) * s[base + y0 * w + x0] + lx * s[base + y0 * w + x1])
                + ly * ((1 - lx) * s[base + y1 * w + x0] + lx * s[base + y1 * w + x1]);
    }
}
