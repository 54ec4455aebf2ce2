package dev.poofbg.worker.model.u2net;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.poofbg.worker.model.ScriptModuleArchive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * ATen kernels that DJL's eager API does not reach, called through a small TorchScript module built in memory
 * (no weights, no file):
 * <ul>
 * <li>oneDNN's convolution with the ReLU applied as a post-op on CPU ({@code mkldnn::_convolution_pointwise}), which
 * writes each activation once instead of writing the convolution and then reading and writing it again for the
 * ReLU;</li>
 * <li>the side outputs' 3x3 convolutions to a single channel, which oneDNN runs at a tenth of its usual speed, as a
 * 1x1 convolution to the nine kernel taps followed by a 3x3 convolution that adds each tap at its offset (the same
 * sum in another order: differences around 1e-6 relative, and faster);</li>
 * <li>the plain bilinear kernel ({@code aten::upsample_bilinear2d}). DJL's interpolation reaches the anti-aliased
 * one, which computes the same values when enlarging but is much slower on channels-last maps;</li>
 * <li>an in-place add, which DJL cannot apply to the kernels' outputs (inference tensors).</li>
 * </ul>
 * The module is parsed once per process; its methods hold no state, so concurrent predictions share it. Off the CPU
 * the convolutions are {@link DjlKernels}' (the fused kernel is oneDNN's, CPU only). This is the one class that
 * depends on DJL's PyTorch internals ({@code PtNDArray}, {@code IValue}, {@code JniUtils}).
 */
final class ScriptKernels implements Kernels {

    static final ScriptKernels INSTANCE = new ScriptKernels();


    private static final String METHODS = """
              def conv3x3_relu(self, x: Tensor, weight: Tensor, bias: Tensor, dilation: List[int]) -> Tensor:
                return ops.mkldnn._convolution_pointwise(x, weight, bias, dilation, [1, 1], dilation, 1, "relu", \
            annotate(List[Optional[number]], []), None)
              def conv3x3_to_one(self, x: Tensor, weight: Tensor, bias: Tensor) -> Tensor:
                channels = x.size(1)
                per_tap = weight.reshape([channels, 9]).t().reshape([9, channels, 1, 1]).contiguous()
                taps = ops.mkldnn._convolution_pointwise(x, per_tap, None, [0, 0], [1, 1], [1, 1], 1, "none", \
            annotate(List[Optional[number]], []), None)
                place = torch.eye(9, dtype=x.dtype).reshape([1, 9, 3, 3])
                return ops.mkldnn._convolution_pointwise(taps, place, bias, [1, 1], [1, 1], [1, 1], 1, "none", \
            annotate(List[Optional[number]], []), None)
              def add_(self, x: Tensor, y: Tensor) -> Tensor:
                return torch.add_(x, y)
              def upsample_bilinear(self, x: Tensor, size: List[int]) -> Tensor:
                return torch.upsample_bilinear2d(x, size, False, None, None)
            """;

    private ScriptKernels() {
    }

    /** The module, parsed on first use (the engine must be loaded by then). */
    private static final class Module {
        static final PtSymbolBlock INSTANCE = load();

        private static PtSymbolBlock load() {
            byte[] archive = ScriptModuleArchive.of("PoofKernels", METHODS);
            try {
                // The module holds no tensors; its manager lives as long as the process.
                PtNDManager owner = (PtNDManager) NDManager.newBaseManager(Device.cpu(), "PyTorch");
                return JniUtils.loadModule(owner, new ByteArrayInputStream(archive), false, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public NDArray conv3x3Relu(NDArray x, NDArray weight, NDArray bias, int dilation) {
        if (!Ops.onCpu(x)) {
            return DjlKernels.INSTANCE.conv3x3Relu(x, weight, bias, dilation);
        }
        return call(x, "conv3x3_relu", IValue.from((PtNDArray) x), IValue.from((PtNDArray) weight),
                IValue.from((PtNDArray) bias), IValue.listFrom(dilation, dilation));
    }

    @Override
    public NDArray conv3x3ToOneChannel(NDArray x, NDArray weight, NDArray bias) {
        if (!Ops.onCpu(x)) {
            return DjlKernels.INSTANCE.conv3x3ToOneChannel(x, weight, bias);
        }
        return call(x, "conv3x3_to_one", IValue.from((PtNDArray) x), IValue.from((PtNDArray) weight),
                IValue.from((PtNDArray) bias));
    }

    /**
     * {@code x += y}, returning {@code x}'s memory under a new handle. In place inside the module: the kernels' outputs
     * are inference tensors, which libtorch lets only code running in inference mode update.
     */
    @Override
    public NDArray add(NDArray x, NDArray y) {
        return call(x, "add_", IValue.from((PtNDArray) x), IValue.from((PtNDArray) y));
    }

    @Override
    public NDArray upsampleBilinear(NDArray x, long height, long width) {
        return call(x, "upsample_bilinear", IValue.from((PtNDArray) x), IValue.listFrom(height, width));
    }

    private static NDArray call(NDArray like, String method, IValue... args) {
        try (IValue result = IValueUtils.runMethod(Module.INSTANCE, method, args)) {
            return result.toTensor((PtNDManager) like.getManager());
        } finally {
            for (IValue arg : args) {
                arg.close();
            }
        }
    }
}
