package dev.poofbg.worker.bench;

import dev.poofbg.worker.model.SaliencyMask;
import dev.poofbg.worker.model.SaliencyModel;

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.List;

/**
 * Evaluation program (not a test): horizontal-flip test-time augmentation, measured on the same 60 composites as
 * {@link VariantEvaluation}. The model sees the image and its mirror; the two masks (the second mirrored back) are
 * averaged before the guided filter. The averaged variant's time holds the second pass of the model. Usage:
 * TestTimeAugmentationEvaluation &lt;quality-set-dir&gt;; results go to docs/quality.md.
 */
public final class TestTimeAugmentationEvaluation {

    public static void main(String[] args) throws Exception {
        File root = new File(args.length > 0 ? args[0] : "target/quality-set");
        List<VariantEvaluation.Variant> variants = List.of(
                new VariantEvaluation.Variant("one pass", input -> new VariantEvaluation.Output(
                        VariantEvaluation.GUIDED.alpha(input.mask(), input.image()), input.image().argb())),
                new VariantEvaluation.Variant("flip averaged", input -> {
                    SaliencyMask mirrored = input.model().predict(mirror(input.image().rgbImage()));
                    return new VariantEvaluation.Output(VariantEvaluation.GUIDED.alpha(
                            average(input.mask(), mirrored), input.image()), input.image().argb());
                }));
        try (SaliencyModel model = BenchModels.u2netp()) {
            VariantEvaluation.run(root, model, variants);
        }
    }

    private static BufferedImage mirror(BufferedImage image) {
        int width = image.getWidth();
        BufferedImage out = new BufferedImage(width, image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < width; x++) {
                out.setRGB(width - 1 - x, y, image.getRGB(x, y));
            }
        }
        return out;
    }

    private static SaliencyMask average(SaliencyMask once, SaliencyMask mirrored) {
        int width = once.width();
        float[] values = new float[once.values().length];
        for (int y = 0; y < once.height(); y++) {
            for (int x = 0; x < width; x++) {
                values[y * width + x] = (once.at(x, y) + mirrored.at(width - 1 - x, y)) / 2;
            }
        }
        return new SaliencyMask(width, once.height(), values);
    }
}
