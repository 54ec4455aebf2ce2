package dev.poofbg.worker.model.u2net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * Residual U-block (RSU-L, or RSU-4F with dilations instead of pooling). Every "REBNCONV" is a 3x3 convolution
 * followed by ReLU; the batch norm of the reference is folded into the convolution's weights and bias.
 * <p>
 * Child blocks are registered in execution order (in, 1..L, (L-1)d..1d), which is also the order of the Conv nodes
 * in an exported graph; the weight import relies on it.
 */
final class Rsu extends AbstractBlock {

    private final U2NetVariant.Stage stage;
    private final Kernels kernels;
    private final Conv2d in;
    private final List<Conv2d> encoder = new ArrayList<>();
    private final List<Conv2d> decoder = new ArrayList<>();
    private final List<Integer> inChannels = new ArrayList<>();

    Rsu(U2NetVariant.Stage stage, Kernels kernels) {
        this.stage = stage;
        this.kernels = kernels;
        int height = stage.height();
        in = conv("in", stage.in(), stage.out(), 1);
        for (int i = 1; i <= height; i++) {
            int inCh = i == 1 ? stage.out() : stage.mid();
            encoder.add(conv(Integer.toString(i), inCh, stage.mid(), encoderDilation(i)));
        }
        for (int i = height - 1; i >= 1; i--) {
            int outCh = i == 1 ? stage.out() : stage.mid();
            decoder.add(conv(i + "d", stage.mid() * 2, outCh, encoderDilation(i)));
        }
    }

    /** RSU-L: dilation 1 except the bottom (2). RSU-4F: 1, 2, 4, 8 down and the mirror image up. */
    private int encoderDilation(int level) {
        if (stage.dilated()) {
            return 1 << (level - 1);
        }
        return level == stage.height() ? 2 : 1;
    }

    private Conv2d conv(String name, int inCh, int outCh, int dilation) {
        Conv2d conv = Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(dilation, dilation))
                .optDilation(new Shape(dilation, dilation))
                .setFilters(outCh)
                .build();
        inChannels.add(inCh);
        return addChildBlock(name, conv);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray hxin = convRelu(ps, in, x, training);
        int height = stage.height();
        // skips.get(i) is the output of encoder conv i+1, kept for the decoder.
        List<NDArray> skips = new ArrayList<>(height);
        NDArray hx = hxin;
        for (int i = 0; i < height; i++) {
            NDArray input = hx;
            boolean pool = !stage.dilated() && i > 0 && i < height - 1;
            if (pool) {
                input = Ops.maxPool2x2Ceil(hx);
            }
            hx = convRelu(ps, encoder.get(i), input, training);
            if (pool) {
                input.close();
            }
            skips.add(hx);
        }
        // Decoder: (L-1)d reads [L, L-1]; each later level upsamples to its skip's size first.
        NDArray d = skips.get(height - 1);
        for (int level = height - 1, j = 0; level >= 1; level--, j++) {
            NDArray skip = skips.get(level - 1);
            NDArray up = Ops.upsampleLike(kernels, d, skip);
            NDArray cat = Ops.concatChannels(up, skip);
            if (up != d) {
                up.close();
            }
            d.close();
            d = convRelu(ps, decoder.get(j), cat, training);
            cat.close();
        }
        for (int i = 0; i < height - 1; i++) {
            skips.get(i).close();
        }
        NDArray out = Ops.add(kernels, d, hxin);
        d.close();
        hxin.close();
        return new NDList(out);
    }

    private NDArray convRelu(ParameterStore ps, Conv2d conv, NDArray x, boolean training) {
        IntraOpThreads.forConvolution(x);
        return kernels.conv3x3Relu(x, Ops.parameter(ps, conv, "weight", x, training),
                Ops.parameter(ps, conv, "bias", x, training), (int) conv.getDilation().get(0));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), stage.out(), s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        int i = 0;
        for (var child : getChildren().values()) {
            child.initialize(manager, dataType, new Shape(s.get(0), inChannels.get(i++), s.get(2), s.get(3)));
        }
    }
}
