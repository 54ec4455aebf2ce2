package dev.poofbg.worker.model.u2net;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;

/** Tensor operations of U^2-Net on NCHW arrays, in the exact semantics of the PyTorch reference. */
final class Ops {

    private Ops() {
    }

    /**
     * {@code MaxPool2d(2, stride=2, ceil_mode=True)} as the maximum of strided slices. Exact (max is exact), and
     * several times faster on CPU than PyTorch's eager max-pool kernel. An odd trailing row or column forms a window
     * of its own under ceil_mode, which replicating the edge reproduces.
     */
    static NDArray maxPool2x2Ceil(NDArray x) {
        IntraOpThreads.forMemoryPass(x, x.size() / 2);
        Shape s = x.getShape();
        long h = s.get(2);
        long w = s.get(3);
        NDArray in = x;
        if (h % 2 == 1) {
            in = in.concat(in.get(new NDIndex().addAllDim(2).addSliceDim(h - 1, h)), 2);
            h++;
        }
        if (w % 2 == 1) {
            NDArray widened = in.concat(in.get(new NDIndex().addAllDim(3).addSliceDim(w - 1, w)), 3);
            closeIfNot(in, x);
            in = widened;
            w++;
        }
        NDArray rows;
        try (NDArray even = in.get(new NDIndex().addAllDim(2).addSliceDim(0, h, 2));
                NDArray odd = in.get(new NDIndex().addAllDim(2).addSliceDim(1, h, 2))) {
            rows = even.maximum(odd);
        }
        closeIfNot(in, x);
        try (NDArray even = rows.get(new NDIndex().addAllDim(3).addSliceDim(0, w, 2));
                NDArray odd = rows.get(new NDIndex().addAllDim(3).addSliceDim(1, w, 2))) {
            return even.maximum(odd);
        } finally {
            rows.close();
        }
    }

    /**
     * {@code F.interpolate(src, size=like.shape[2:], mode='bilinear', align_corners=False)}; returns {@code src}
     * itself when the sizes already match (the interpolation would be the identity).
     */
    static NDArray upsampleLike(Kernels kernels, NDArray src, NDArray like) {
        Shape s = src.getShape();
        Shape t = like.getShape();
        if (s.get(2) == t.get(2) && s.get(3) == t.get(3)) {
            return src;
        }
        IntraOpThreads.forMemoryPass(src, s.get(0) * s.get(1) * t.get(2) * t.get(3));
        return kernels.upsampleBilinear(src, t.get(2), t.get(3));
    }

    /** {@code torch.cat([a, b], dim=1)}. */
    static NDArray concatChannels(NDArray a, NDArray b) {
        IntraOpThreads.forMemoryPass(a, a.size() + b.size());
        return a.concat(b, 1);
    }

    /** {@code x + y} (see {@link Kernels#add}). */
    static NDArray add(Kernels kernels, NDArray x, NDArray y) {
        IntraOpThreads.forMemoryPass(x, x.size());
        return kernels.add(x, y);
    }

    static boolean onCpu(NDArray x) {
        return Device.Type.CPU.equals(x.getDevice().getDeviceType());
    }

    /** A convolution's parameter ("weight", "bias") as the parameter store hands it out for {@code x}'s device. */
    static NDArray parameter(ParameterStore ps, Conv2d conv, String name, NDArray x, boolean training) {
        return ps.getValue(conv.getParameters().get(name), x.getDevice(), training);
    }

    private static void closeIfNot(NDArray array, NDArray keep) {
        if (array != keep) {
            array.close();
        }
    }
}
