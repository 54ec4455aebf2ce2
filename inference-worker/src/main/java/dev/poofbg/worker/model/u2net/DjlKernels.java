package dev.poofbg.worker.model.u2net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/** {@link Kernels} in DJL's own operations: portable across engines, the reference for the fast ones. */
final class DjlKernels implements Kernels {

    static final DjlKernels INSTANCE = new DjlKernels();

    /** DJL's code for bilinear in {@code NDArrayEx.interpolation}. */
    private static final int BILINEAR = 1;
    private static final Shape STRIDE_1 = new Shape(1, 1);

    private DjlKernels() {
    }

    @Override
    public NDArray conv3x3Relu(NDArray x, NDArray weight, NDArray bias, int dilation) {
        try (NDArray conv = conv3x3(x, weight, bias, dilation)) {
            return Activation.relu(conv);
        }
    }

    @Override
    public NDArray conv3x3ToOneChannel(NDArray x, NDArray weight, NDArray bias) {
        return conv3x3(x, weight, bias, 1);
    }

    @Override
    public NDArray upsampleBilinear(NDArray x, long height, long width) {
        // Enlarging only: there the anti-aliased kernel some engines map this to computes the plain values.
        return x.getNDArrayInternal().interpolation(new long[] {height, width}, BILINEAR, false);
    }

    @Override
    public NDArray add(NDArray x, NDArray y) {
        return x.add(y);
    }

    /** Stride 1, padding = dilation, so the map keeps its size. */
    static NDArray conv3x3(NDArray x, NDArray weight, NDArray bias, int dilation) {
        Shape pad = new Shape(dilation, dilation);
        return x.getNDArrayInternal().convolution(x, weight, bias, STRIDE_1, pad, pad, 1).singletonOrThrow();
    }
}
