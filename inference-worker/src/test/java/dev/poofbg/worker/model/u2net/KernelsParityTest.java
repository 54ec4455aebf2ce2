package dev.poofbg.worker.model.u2net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.poofbg.worker.model.SaliencyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast kernels ({@link ScriptKernels}) compute what the plain DJL ones ({@link DjlKernels}) compute. */
class KernelsParityTest {

    private static final Kernels FAST = ScriptKernels.INSTANCE;
    private static final Kernels PLAIN = DjlKernels.INSTANCE;

    @BeforeAll
    static void offline() {
        SaliencyModels.configureEngine(OptionalInt.empty());
    }

    @ParameterizedTest
    @CsvSource({"8,16,1,40,40,true", "8,16,2,40,40,true", "3,64,1,33,20,false", "32,16,4,12,12,true",
            "16,16,8,9,9,false"})
    void fusedConvolutionReluEqualsConvolutionThenRelu(int in, int out, int dilation, int h, int w,
            boolean channelsLast) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = input(manager, in, h, w, channelsLast);
            NDArray weight = manager.randomNormal(new Shape(out, in, 3, 3)).mul(0.2);
            NDArray bias = manager.randomNormal(new Shape(out));
            NDArray expected = PLAIN.conv3x3Relu(x, weight, bias, dilation);

            NDArray actual = FAST.conv3x3Relu(x, weight, bias, dilation);

            assertThat(actual.getShape()).isEqualTo(new Shape(1, out, h, w));
            assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(1e-4f);
            assertThat(actual.min().getFloat()).isEqualTo(0f);
        }
    }

    @ParameterizedTest
    @CsvSource({"64,24,31,true", "64,320,320,true", "16,7,5,false", "64,1,1,true"})
    void singleChannelConvolutionThroughTheTapsEqualsThePlainConvolution(int in, int h, int w, boolean channelsLast) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = input(manager, in, h, w, channelsLast);
            NDArray weight = manager.randomNormal(new Shape(1, in, 3, 3)).mul(0.1);
            NDArray bias = manager.randomNormal(new Shape(1));
            NDArray expected = PLAIN.conv3x3ToOneChannel(x, weight, bias);

            NDArray actual = FAST.conv3x3ToOneChannel(x, weight, bias);

            assertThat(actual.getShape()).isEqualTo(new Shape(1, 1, h, w));
            float scale = expected.abs().max().getFloat();
            assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(1e-5f * scale);
        }
    }

    @Test
    void inPlaceAddAddsIntoItsFirstOperand() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.randomNormal(new Shape(4, 4, 3, 3));
            NDArray bias = manager.zeros(new Shape(4));
            // A kernel's output is an inference tensor, as in the network.
            NDArray x = FAST.conv3x3Relu(input(manager, 4, 6, 6, true), weight, bias, 1);
            NDArray y = manager.randomNormal(new Shape(1, 4, 6, 6));
            float[] expected = PLAIN.add(x, y).toFloatArray();

            NDArray sum = FAST.add(x, y);

            assertThat(sum.toFloatArray()).containsExactly(expected);
            assertThat(x.toFloatArray()).containsExactly(expected);
        }
    }

    @ParameterizedTest
    @CsvSource({"2,2,4,4,true", "3,5,7,10,false", "10,10,20,20,true", "1,1,5,3,false"})
    void bilinearUpsamplingEqualsThePlainOne(int h, int w, int th, int tw, boolean channelsLast) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = input(manager, 8, h, w, channelsLast);

            NDArray actual = FAST.upsampleBilinear(x, th, tw);

            assertThat(actual.getShape()).isEqualTo(new Shape(1, 8, th, tw));
            assertThat(actual.sub(PLAIN.upsampleBilinear(x, th, tw)).abs().max().getFloat()).isLessThan(1e-6f);
        }
    }

    static NDArray input(NDManager manager, int channels, int h, int w, boolean channelsLast) {
        if (channelsLast) {
            return manager.randomNormal(new Shape(1, h, w, channels)).transpose(0, 3, 1, 2);
        }
        return manager.randomNormal(new Shape(1, channels, h, w));
    }
}
