package dev.poofbg.worker.bench;

import dev.poofbg.worker.model.SaliencyMask;
import dev.poofbg.worker.model.SaliencyModel;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluation program (not a test): the model fed at other input sizes than its training size, 320 (the network is
 * fully convolutional), on the 60 composites ({@link VariantEvaluation}), against the first size; then two ways to
 * combine the first two sizes (the model run at both): their alphas averaged, and the second's alpha only in the
 * first's uncertain band. A variant's time holds its own model passes beyond the first size's, which the evaluation
 * runs for every variant and times on its own. Usage: InputSizeEvaluation &lt;quality-set-dir&gt; [size...] (default
 * 320 416 512); results go to docs/quality.md.
 */
public final class InputSizeEvaluation {

    public static void main(String[] args) throws Exception {
        File root = new File(args.length > 0 ? args[0] : "target/quality-set");
        int[] sizes = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {320, 416, 512};
        SaliencyModel[] models = new SaliencyModel[sizes.length];
        for (int v = 0; v < sizes.length; v++) {
            models[v] = BenchModels.u2netp(sizes[v]);
        }
        List<VariantEvaluation.Variant> variants = new ArrayList<>();
        for (SaliencyModel model : models) {
            variants.add(new VariantEvaluation.Variant(Integer.toString(model.maskWidth()),
                    input -> output(input, alpha(input, model))));
        }
        variants.add(new VariantEvaluation.Variant(sizes[0] + " and " + sizes[1] + " averaged",
                input -> output(input, average(alpha(input, models[0]), alpha(input, models[1])))));
        variants.add(new VariantEvaluation.Variant(sizes[1] + " inside " + sizes[0] + "'s uncertain band",
                input -> output(input, edgesFromSecond(alpha(input, models[0]), alpha(input, models[1]),
                        input.image().width(), input.image().height()))));
        try {
            VariantEvaluation.run(root, models[0], variants);
        } finally {
            for (SaliencyModel model : models) {
                model.close();
            }
        }
    }

    /** The guided alpha of {@code model}'s mask; the evaluation's own model (the first size) has already run. */
    private static byte[] alpha(VariantEvaluation.Input input, SaliencyModel model) {
        SaliencyMask mask = model == input.model() ? input.mask() : model.predict(input.image().rgbImage());
        return VariantEvaluation.GUIDED.alpha(mask, input.image());
    }

    private static VariantEvaluation.Output output(VariantEvaluation.Input input, byte[] alpha) {
        return new VariantEvaluation.Output(alpha, input.image().argb());
    }

    /**
     * The first alpha decides what is subject and what is background; the second draws the edges: it is taken only
     * where the first is partly transparent, widened by 0.5 % of the width.
     */
    private static byte[] edgesFromSecond(byte[] first, byte[] second, int width, int height) {
        int radius = Math.max(2, width / 200);
        boolean[] unsure = new boolean[first.length];
        for (int i = 0; i < first.length; i++) {
            int a = first[i] & 0xFF;
            unsure[i] = a >= 8 && a <= 247;
        }
        boolean[] band = dilate(dilateRows(unsure, width, height, radius), width, height, radius);
        byte[] out = first.clone();
        for (int i = 0; i < out.length; i++) {
            if (band[i]) {
                out[i] = second[i];
            }
        }
        return out;
    }

    /** Horizontal dilation by a running count of set pixels in the window. */
    private static boolean[] dilateRows(boolean[] in, int width, int height, int radius) {
        boolean[] out = new boolean[in.length];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int count = 0;
            for (int x = 0; x < Math.min(radius, width); x++) {
                count += in[row + x] ? 1 : 0;
            }
            for (int x = 0; x < width; x++) {
                if (x + radius < width && in[row + x + radius]) {
                    count++;
                }
                if (x - radius - 1 >= 0 && in[row + x - radius - 1]) {
                    count--;
                }
                out[row + x] = count > 0;
            }
        }
        return out;
    }

    /** Vertical dilation, the same way. */
    private static boolean[] dilate(boolean[] in, int width, int height, int radius) {
        boolean[] out = new boolean[in.length];
        for (int x = 0; x < width; x++) {
            int count = 0;
            for (int y = 0; y < Math.min(radius, height); y++) {
                count += in[y * width + x] ? 1 : 0;
            }
            for (int y = 0; y < height; y++) {
                if (y + radius < height && in[(y + radius) * width + x]) {
                    count++;
                }
                if (y - radius - 1 >= 0 && in[(y - radius - 1) * width + x]) {
                    count--;
                }
                out[y * width + x] = count > 0;
            }
        }
        return out;
    }

    private static byte[] average(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (((a[i] & 0xFF) + (b[i] & 0xFF) + 1) / 2);
        }
        return out;
    }
}
