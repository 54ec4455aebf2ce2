package dev.poofbg.worker.model.u2net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.poofbg.worker.model.InferenceThreads;
import dev.poofbg.worker.model.SaliencyModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The TorchScript-reached kernels compute what PyTorch's eager ops compute. */
class ScriptKernelsTest {

    /** libtorch's configured count (this thread's own setting may have been left changed by other tests). */
    private static int configured;

    @BeforeAll
    static void offline() {
        SaliencyModels.configureEngine(OptionalInt.empty());
        configured = InferenceThreads.configured();
    }

    @AfterEach
    void configuredThreads() {
        InferenceThreads.use(configured);
    }

    @ParameterizedTest
    @CsvSource({"8,16,1,40,40,true", "8,16,2,40,40,true", "3,64,1,33,20,false", "32,16,4,12,12,true",
            "16,16,8,9,9,false"})
    void fusedConvolutionReluEqualsEagerConvolutionThenRelu(int in, int out, int dilation, int h, int w,
            boolean channelsLast) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = input(manager, in, h, w, channelsLast);
            NDArray weight = manager.randomNormal(new Shape(out, in, 3, 3)).mul(0.2);
            NDArray bias = manager.randomNormal(new Shape(out));
            Shape pad = new Shape(dilation, dilation);
            NDArray expected = x.getNDArrayInternal()
                    .convolution(x, weight, bias, new Shape(1, 1), pad, pad, 1).singletonOrThrow()
                    .getNDArrayInternal().relu();

            NDArray actual = ScriptKernels.conv3x3Relu(x, weight, bias, dilation);

            assertThat(actual.getShape()).isEqualTo(new Shape(1, out, h, w));
            assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(1e-4f);
            assertThat(actual.min().getFloat()).isEqualTo(0f);
        }
    }

    @ParameterizedTest
    @CsvSource({"64,24,31,true", "64,320,320,true", "16,7,5,false", "64,1,1,true"})
    void singleChannelConvolutionEqualsEagerConvolution(int in, int h, int w, boolean channelsLast) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = input(manager, in, h, w, channelsLast);
            NDArray weight = manager.randomNormal(new Shape(1, in, 3, 3)).mul(0.1);
            NDArray bias = manager.randomNormal(new Shape(1));
            Shape one = new Shape(1, 1);
            NDArray expected = x.getNDArrayInternal().convolution(x, weight, bias, one, one, one, 1)
                    .singletonOrThrow();

            NDArray actual = ScriptKernels.conv3x3ToOneChannel(x, weight, bias);

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
            NDArray x = ScriptKernels.conv3x3Relu(input(manager, 4, 6, 6, true), weight, bias, 1);
            NDArray y = manager.randomNormal(new Shape(1, 4, 6, 6));
            float[] expected = x.add(y).toFloatArray();

            NDArray sum = ScriptKernels.addInPlace(x, y);

            assertThat(sum.toFloatArray()).containsExactly(expected);
            assertThat(x.toFloatArray()).containsExactly(expected);
        }
    }

    @Test
    void smallMapsRunOnOneThreadAndTheConfiguredCountComesBack() {
        InferenceThreads.enter();
        try (NDManager manager = NDManager.newBaseManager()) {
            IntraOpThreads.forConvolution(manager.zeros(new Shape(1, 16, 40, 40)));
            assertThat(JniUtils.getNumThreads()).isEqualTo(1);
            IntraOpThreads.forConvolution(manager.zeros(new Shape(1, 16, 41, 40)));
            assertThat(JniUtils.getNumThreads()).isEqualTo(configured);
            NDArray x = manager.zeros(new Shape(1, 16, 160, 160));
            IntraOpThreads.forMemoryPass(x, x.size());
            assertThat(JniUtils.getNumThreads()).isEqualTo(1);
            IntraOpThreads.forMemoryPass(x, x.size() + 1);
            assertThat(JniUtils.getNumThreads()).isEqualTo(configured);
            IntraOpThreads.forConvolution(manager.zeros(new Shape(1, 16, 10, 10)));
        } finally {
            InferenceThreads.exit();
        }
        assertThat(JniUtils.getNumThreads()).isEqualTo(configured);
    }

    @Test
    void passesRunningAtOnceShareTheConfiguredThreads() throws Exception {
        InferenceThreads.enter();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray large = manager.zeros(new Shape(1, 16, 320, 320));
            IntraOpThreads.forConvolution(large);
            assertThat(JniUtils.getNumThreads()).as("alone").isEqualTo(configured);
            // Another pass, on another thread, is running meanwhile.
            Thread other = new Thread(InferenceThreads::enter);
            other.start();
            other.join();
            try {
                IntraOpThreads.forConvolution(large);
                assertThat(JniUtils.getNumThreads()).as("with another pass").isEqualTo(Math.max(1, configured / 2));
                IntraOpThreads.forMemoryPass(large, large.size());
                assertThat(JniUtils.getNumThreads()).isEqualTo(Math.max(1, configured / 2));
            } finally {
                Thread done = new Thread(InferenceThreads::exit);
                done.start();
                done.join();
            }
            IntraOpThreads.forConvolution(large);
            assertThat(JniUtils.getNumThreads()).as("alone again").isEqualTo(configured);
        } finally {
            InferenceThreads.exit();
        }
    }

    private static NDArray input(NDManager manager, int channels, int h, int w, boolean channelsLast) {
        if (channelsLast) {
            return manager.randomNormal(new Shape(1, h, w, channels)).transpose(0, 3, 1, 2);
        }
        return manager.randomNormal(new Shape(1, channels, h, w));
    }
}
