package dev.poofbg.worker.bench;

import dev.poofbg.worker.image.DecodedImage;
import dev.poofbg.worker.image.EdgeMatting;
import dev.poofbg.worker.image.ForegroundEstimator;
import dev.poofbg.worker.image.ImageDecoder;
import dev.poofbg.worker.image.ImagePipeline;
import dev.poofbg.worker.image.PixelBudget;
import dev.poofbg.worker.image.PngEncoder;
import dev.poofbg.worker.model.SaliencyModel;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluation program (not a test): matting of the mask's uncertain band ({@link EdgeMatting}) beside the steps
 * shipped before it and blur-fusion on their alpha, on the 60 composites ({@link VariantEvaluation}); then the whole
 * default pipeline (JPEG in, PNG out) at 1.2 MP without and with the matting, alternating, three rounds of the 12
 * composites of that size. Usage: EdgeMattingEvaluation &lt;quality-set-dir&gt;; results go to docs/quality.md.
 */
public final class EdgeMattingEvaluation {

    public static void main(String[] args) throws Exception {
        File root = new File(args.length > 0 ? args[0] : "target/quality-set");
        List<VariantEvaluation.Variant> variants = new ArrayList<>();
        variants.add(new VariantEvaluation.Variant("before: blobs removed, guided filter", VariantEvaluation::shipped));
        variants.add(new VariantEvaluation.Variant("blur-fusion colours", input -> {
            VariantEvaluation.Output shipped = VariantEvaluation.shipped(input);
            DecodedImage copy = input.copy();
            ForegroundEstimator.decontaminate(copy, shipped.alpha());
            return new VariantEvaluation.Output(shipped.alpha(), copy.argb());
        }));
        variants.add(matted("matting, alpha only", EdgeMatting.DEFAULT, false));
        variants.add(matted("matting and colours (shipped)", EdgeMatting.DEFAULT, true));
        variants.add(matted("without the texture term", new EdgeMatting(3, 0.5, 0.01, 256, 0), true));
        variants.add(matted("misfit 16, spread 4", new EdgeMatting(3, 0.5, 0.01, 16, 4), true));
        variants.add(matted("margin 1 model pixel", new EdgeMatting(3, 1, 0.01, 256, 16), true));
        try (SaliencyModel model = BenchModels.u2netp()) {
            VariantEvaluation.run(root, model, variants);
            timePipelines(root, model);
        }
    }

    private static VariantEvaluation.Variant matted(String name, EdgeMatting matting, boolean colours) {
        return new VariantEvaluation.Variant(name, input -> {
            VariantEvaluation.Output shipped = VariantEvaluation.shipped(input);
            DecodedImage image = colours ? input.copy() : input.image();
            matting.refine(image, shipped.alpha(), EdgeMatting.modelPixel(image.width(), image.height(),
                    input.mask().width(), input.mask().height()), colours);
            return new VariantEvaluation.Output(shipped.alpha(), image.argb());
        });
    }

    private static void timePipelines(File root, SaliencyModel model) throws Exception {
        File[] foregrounds = EdgeQualityEvaluation.sorted(new File(root, "foregrounds"));
        File[] backgrounds = EdgeQualityEvaluation.sorted(new File(root, "backgrounds"));
        List<byte[]> jpegs = new ArrayList<>();
        int index = 0;
        for (int f = 0; f < foregrounds.length; f++) {
            BufferedImage foreground = ImageIO.read(foregrounds[f]);
            for (int k = 0; k < ForegroundColourEvaluation.BACKGROUNDS_PER_FOREGROUND; k++, index++) {
                ForegroundColourEvaluation.Composite composite = ForegroundColourEvaluation.composite(foregrounds,
                        backgrounds, foreground, f, k, index);
                if (composite.width() == 1280) {
                    jpegs.add(composite.jpeg());
                }
            }
        }
        ImageDecoder decoder = new ImageDecoder(40_000_000);
        PngEncoder png = new PngEncoder(1, PngEncoder.Filter.UP);
        ImagePipeline before = new ImagePipeline(decoder, model, VariantEvaluation.GUIDED, png,
                new PixelBudget(400_000_000), false, null);
        ImagePipeline after = new ImagePipeline(decoder, model, VariantEvaluation.GUIDED, png,
                new PixelBudget(400_000_000), false, EdgeMatting.DEFAULT);
        List<Long> beforeTimes = new ArrayList<>();
        List<Long> afterTimes = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (byte[] jpeg : jpegs) {
                long start = System.nanoTime();
                before.cutOut(jpeg);
                long middle = System.nanoTime();
                after.cutOut(jpeg);
                long end = System.nanoTime();
                if (round > 0) { // the first round warms up
                    beforeTimes.add(middle - start);
                    afterTimes.add(end - middle);
                }
            }
        }
        double without = VariantEvaluation.median(beforeTimes);
        double with = VariantEvaluation.median(afterTimes);
        System.out.printf(Locale.ROOT, "%nDefault pipeline at 1.2 MP, median of %d: %.0f ms without, %.0f ms with the"
                + " matting (%+.1f %%); %d cores%n", beforeTimes.size(), without, with, 100 * (with / without - 1),
                Runtime.getRuntime().availableProcessors());
    }
}
