package dev.poofbg.worker.model.u2net;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;

/**
 * The tensor kernels U²-Net's blocks are made of, in the exact semantics of the PyTorch reference, on NCHW
 * arrays. {@link DjlKernels} is plain DJL and runs on any engine; {@link ScriptKernels} reaches libtorch's
 * faster CPU kernels that DJL's API does not expose. A DJL upgrade that breaks the fast path breaks
 * {@code ScriptKernels} alone, and {@code KernelsParityTest} holds the two to the same values.
 */
interface Kernels {

    /** {@code relu(conv2d(x, weight, bias, padding=dilation, dilation=dilation))} for a 3x3 kernel, stride 1. */
    NDArray conv3x3Relu(NDArray x, NDArray weight, NDArray bias, int dilation);

    /** {@code conv2d(x, weight, bias, padding=1)} for a 3x3 kernel with one output channel. */
    NDArray conv3x3ToOneChannel(NDArray x, NDArray weight, NDArray bias);

    /** {@code F.interpolate(x, size=(height, width), mode='bilinear', align_corners=False)}, enlarging. */
    NDArray upsampleBilinear(NDArray x, long height, long width);

    /** {@code x + y}, possibly written into {@code x}'s memory: afterwards read only the result (still close both). */
    NDArray add(NDArray x, NDArray y);

    /** The fast kernels where the engine is PyTorch, the plain ones elsewhere. */
    static Kernels forDefaultEngine() {
        return "PyTorch".equals(Engine.getDefaultEngineName()) ? ScriptKernels.INSTANCE : DjlKernels.INSTANCE;
    }
}
