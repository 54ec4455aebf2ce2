package dev.poofbg.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;

/**
 * Pre- and post-processing as U^2-Net was trained: resize to the input size, /255, ImageNet mean/std, CHW, batch
 * of one; the first output (the fused map d0) is min-max normalised to [0,1]. Stateless, so one instance serves
 * every predictor.
 */
public final class SaliencyTranslator implements NoBatchifyTranslator<BufferedImage, SaliencyMask> {

    private final ImagePreprocessor preprocessor;

    public SaliencyTranslator(ImagePreprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    public int inputWidth() {
        return preprocessor.width();
    }

    public int inputHeight() {
        return preprocessor.height();
    }

    /**
     * The input is an NCHW view of NHWC memory (PyTorch's channels-last format): oneDNN convolutions then work on
     * it without reordering, every following op keeps the format, and the forward pass is faster on CPU than with
     * contiguous NCHW (docs/benchmarks.md). The values are the same.
     */
    @Override
    public NDList processInput(TranslatorContext ctx, BufferedImage image) {
        float[] hwc = preprocessor.toHwc(image);
        Shape shape = new Shape(1, preprocessor.height(), preprocessor.width(), 3);
        return new NDList(ctx.getNDManager().create(FloatBuffer.wrap(hwc), shape).transpose(0, 3, 1, 2));
    }

    @Override
    public SaliencyMask processOutput(TranslatorContext ctx, NDList list) {
        NDArray d0 = list.get(0);
        Shape shape = d0.getShape();
        int dims = shape.dimension();
        if (dims < 2 || shape.size() != shape.get(dims - 2) * shape.get(dims - 1)) {
            throw new IllegalStateException("model output " + shape + " is not a single-channel map");
        }
        int h = (int) shape.get(dims - 2);
        int w = (int) shape.get(dims - 1);
        return new SaliencyMask(w, h, minMaxNormalise(d0.toFloatArray()));
    }

    /** In place; a constant map (no salient object at all) becomes all zeros rather than NaN. */
    static float[] minMaxNormalise(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float range = max - min;
        for (int i = 0; i < values.length; i++) {
            values[i] = range > 0 ? (values[i] - min) / range : 0f;
        }
        return values;
    }
}
