package dev.poofbg.worker.model.u2net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * U^2-Net (Qin et al., "U^2-Net: Going Deeper with Nested U-Structure for Salient Object Detection", 2020) as a
 * DJL block. Input: NCHW float, any height and width. Output: the fused saliency map d0 after the sigmoid, shape
 * (N, 1, H, W). The six side outputs are computed (d0 fuses them) but not returned.
 * <p>
 * Children are registered in execution order: stages 1..6, 5d..1d, side1..6, outconv; {@link #convolutions()}
 * lists every convolution in that order, which is the order of the Conv nodes in the exported ONNX graph.
 */
public final class U2Net extends AbstractBlock {

    private final U2NetVariant variant;
    private final Kernels kernels;
    private final List<Rsu> encoder = new ArrayList<>();
    private final List<Rsu> decoder = new ArrayList<>();
    private final List<Conv2d> sides = new ArrayList<>();
    private final List<Integer> sideChannels = new ArrayList<>();
    private final Conv2d outconv;

    /** The network on the fastest kernels for the default engine. */
    public U2Net(U2NetVariant variant) {
        this(variant, Kernels.forDefaultEngine());
    }

    U2Net(U2NetVariant variant, Kernels kernels) {
        this.variant = variant;
        this.kernels = kernels;
        List<U2NetVariant.Stage> enc = variant.encoder();
        List<U2NetVariant.Stage> dec = variant.decoder();
        for (int i = 0; i < enc.size(); i++) {
            encoder.add(addChildBlock("stage" + (i + 1), new Rsu(enc.get(i), kernels)));
        }
        for (int i = 0; i < dec.size(); i++) {
            decoder.add(addChildBlock("stage" + (dec.size() - i) + "d", new Rsu(dec.get(i), kernels)));
        }
        // side1 reads stage1d (the last decoder stage), side5 reads stage5d, side6 reads stage6.
        for (int level = 1; level <= enc.size(); level++) {
            int channels = level == enc.size() ? enc.get(level - 1).out() : dec.get(dec.size() - level).out();
            sideChannels.add(channels);
            sides.add(addChildBlock("side" + level, Conv2d.builder()
                    .setKernelShape(new Shape(3, 3))
                    .optPadding(new Shape(1, 1))
                    .setFilters(1)
                    .build()));
        }
        outconv = addChildBlock("outconv", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build());
    }

    public U2NetVariant variant() {
        return variant;
    }

    /** Sets the thread count op by op ({@code IntraOpThreads}); the prediction around it restores it. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(saliency(ps, inputs.singletonOrThrow(), training));
    }

    private NDArray saliency(ParameterStore ps, NDArray x, boolean training) {
        int levels = encoder.size();
        List<NDArray> skips = new ArrayList<>(levels);
        NDArray hx = x;
        for (int i = 0; i < levels; i++) {
            NDArray input = i == 0 ? hx : Ops.maxPool2x2Ceil(hx);
            hx = encoder.get(i).forward(ps, new NDList(input), training).singletonOrThrow();
            if (input != x) {
                input.close();
            }
            skips.add(hx);
        }
        // decoded.get(level - 1) is the decoder output of that level; the deepest level is stage 6 itself.
        NDArray[] decoded = new NDArray[levels];
        decoded[levels - 1] = skips.get(levels - 1);
        NDArray d = decoded[levels - 1];
        for (int j = 0; j < decoder.size(); j++) {
            int level = levels - 1 - j;
            NDArray skip = skips.get(level - 1);
            NDArray up = Ops.upsampleLike(kernels, d, skip);
            NDArray cat = Ops.concatChannels(up, skip);
            if (up != d) {
                up.close();
            }
            d = decoder.get(j).forward(ps, new NDList(cat), training).singletonOrThrow();
            cat.close();
            skip.close();
            decoded[level - 1] = d;
        }
        NDArray[] sideOut = new NDArray[levels];
        for (int level = 1; level <= levels; level++) {
            NDArray s = side(ps, sides.get(level - 1), decoded[level - 1], training);
            decoded[level - 1].close();
            if (level > 1) {
                NDArray up = Ops.upsampleLike(kernels, s, sideOut[0]);
                if (up != s) {
                    s.close();
                }
                s = up;
            }
            sideOut[level - 1] = s;
        }
        NDArray fused = NDArrays.concat(new NDList(sideOut), 1);
        for (NDArray s : sideOut) {
            s.close();
        }
        NDArray d0 = outconv.forward(ps, new NDList(fused), training).singletonOrThrow();
        fused.close();
        NDArray out = d0.getNDArrayInternal().sigmoid();
        d0.close();
        return out;
    }

    private NDArray side(ParameterStore ps, Conv2d conv, NDArray x, boolean training) {
        IntraOpThreads.forConvolution(x);
        return kernels.conv3x3ToOneChannel(x, Ops.parameter(ps, conv, "weight", x, training),
                Ops.parameter(ps, conv, "bias", x, training));
    }

    /** Every convolution in execution order (= ONNX graph order of the Conv nodes). */
    public List<Conv2d> convolutions() {
        List<Conv2d> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(Block block, List<Conv2d> out) {
        for (Block child : block.getChildren().values()) {
            if (child instanceof Conv2d conv) {
                out.add(conv);
            } else {
                collect(child, out);
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 1, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        long n = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        // Weight shapes depend only on channel counts, so every child is initialised at the input's size.
        for (int i = 0; i < encoder.size(); i++) {
            encoder.get(i).initialize(manager, dataType, new Shape(n, variant.encoder().get(i).in(), h, w));
        }
        for (int i = 0; i < decoder.size(); i++) {
            decoder.get(i).initialize(manager, dataType, new Shape(n, variant.decoder().get(i).in(), h, w));
        }
        for (int i = 0; i < sides.size(); i++) {
            sides.get(i).initialize(manager, dataType, new Shape(n, sideChannels.get(i), h, w));
        }
        outconv.initialize(manager, dataType, new Shape(n, sides.size(), h, w));
    }
}
