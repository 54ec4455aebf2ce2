package dev.poofbg.worker.bench;

import dev.poofbg.worker.image.ImageDecoder;
import dev.poofbg.worker.image.ImagePipeline;
import dev.poofbg.worker.image.MaskUpsampler;
import dev.poofbg.worker.image.PixelBudget;
import dev.poofbg.worker.image.PngEncoder;
import dev.poofbg.worker.model.SaliencyModel;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluation program (not a test): the halo, measured, on the whole quality set (src/test/quality/MANIFEST.md). Each
 * foreground goes onto three backgrounds at one of five canvas sizes (0.5 to 12 MP), at 45 to 75 % of the height; the
 * default pipeline (JPEG in, RGBA PNG out) runs with and without foreground colour estimation. Per composite: the
 * alpha's MAE, IoU, edge-band MAE, gradient and connectivity errors ({@link MattingErrors}), and the foreground colour
 * error: each cut-out over black and over white beside
 * the true foreground on the same backgrounds, the mean absolute difference (0 to 1) over the edge band, with the
 * cut-out's alpha (what a customer sees) and with the true alpha (the colours alone). The 1.2 MP composites are
 * timed, both pipelines alternating. Usage: ForegroundColourEvaluation &lt;quality-set-dir&gt;; results go to
 * docs/quality.md.
 */
public final class ForegroundColourEvaluation {

    /** Canvas sizes, cycled: 0.5, 1.2, 2, 4 and 12 MP. */
    private static final int[][] CANVASES = {{816, 612}, {1280, 960}, {1632, 1224}, {2304, 1728}, {4000, 3000}};
    private static final double[] SHARES = {0.75, 0.6, 0.45};
    static final int BACKGROUNDS_PER_FOREGROUND = 3;

    /** One composite of the set, its truth and its edge band. */
    record Composite(String name, byte[] jpeg, float[] truth, int[] colours, boolean[] band, int width, int height) {
    }

    /**
     * Composite number {@code index}: foreground {@code f} on its {@code k}-th background, at the canvas size, share
     * and offset this index and pair give it.
     */
    static Composite composite(File[] foregrounds, File[] backgrounds, BufferedImage foreground, int f, int k, int index)
            throws java.io.IOException {
        File bgFile = backgrounds[(f + k * 3) % backgrounds.length];
        int[] canvas = CANVASES[index % CANVASES.length];
        int width = canvas[0];
        int height = canvas[1];
        float[] truth = new float[width * height];
        int[] colours = new int[width * height];
        byte[] jpeg = EdgeQualityEvaluation.composite(ImageIO.read(bgFile), foreground, width, height,
                SHARES[(f + k) % SHARES.length], (k - 1) * 0.08, (f % 3 - 1) * 0.04, truth, colours);
        boolean[] band = EdgeQualityEvaluation.edgeBand(truth, width, height, Math.max(6, Math.round(6f * width / 1280)));
        String name = String.format(Locale.ROOT, "%s on %s, %.1f MP", EdgeQualityEvaluation.name(foregrounds[f]),
                EdgeQualityEvaluation.name(bgFile), width * height / 1e6);
        return new Composite(name, jpeg, truth, colours, band, width, height);
    }

    public static void main(String[] args) throws Exception {
        File root = new File(args.length > 0 ? args[0] : "target/quality-set");
        File[] foregrounds = EdgeQualityEvaluation.sorted(new File(root, "foregrounds"));
        File[] backgrounds = EdgeQualityEvaluation.sorted(new File(root, "backgrounds"));
        ImageDecoder decoder = new ImageDecoder(40_000_000);
        MaskUpsampler guided = new MaskUpsampler(true, 1, 1e-4);
        PngEncoder png = new PngEncoder(1, PngEncoder.Filter.UP);
        List<Long> plainTimes = new ArrayList<>();
        List<Long> estimatedTimes = new ArrayList<>();
        double[] totals = new double[9];
        List<String> perImage = new ArrayList<>();
        int count = 0;
        try (SaliencyModel model = BenchModels.u2netp()) {
            ImagePipeline plain = new ImagePipeline(decoder, model, guided, png, new PixelBudget(400_000_000), false,
                    null);
            ImagePipeline estimated = new ImagePipeline(decoder, model, guided, png, new PixelBudget(400_000_000), true,
                    null);
            for (int f = 0; f < foregrounds.length; f++) {
                BufferedImage foreground = ImageIO.read(foregrounds[f]);
                for (int k = 0; k < BACKGROUNDS_PER_FOREGROUND; k++) {
                    Composite composite = composite(foregrounds, backgrounds, foreground, f, k, count);
                    int width = composite.width();
                    int height = composite.height();
                    float[] truth = composite.truth();
                    int[] colours = composite.colours();
                    boolean[] band = composite.band();
                    byte[] jpeg = composite.jpeg();
                    boolean timed = width == 1280;
                    int rounds = timed ? 3 : 1;
                    byte[] plainPng = null;
                    byte[] estimatedPng = null;
                    for (int round = 0; round < rounds; round++) {
                        long start = System.nanoTime();
                        plainPng = plain.cutOut(jpeg).bytes();
                        long middle = System.nanoTime();
                        estimatedPng = estimated.cutOut(jpeg).bytes();
                        long end = System.nanoTime();
                        if (timed && round > 0) { // the first round of each warms up
                            plainTimes.add(middle - start);
                            estimatedTimes.add(end - middle);
                        }
                    }
                    int[] plainPixels = pixels(plainPng, width, height);
                    int[] estimatedPixels = pixels(estimatedPng, width, height);
                    byte[] predicted = alphaOf(plainPixels);
                    double[] alpha = EdgeQualityEvaluation.metrics(predicted, truth, band);
                    double gradient = MattingErrors.gradient(predicted, truth, width, height, band);
                    double connectivity = MattingErrors.connectivity(predicted, truth, width, height, band);
                    double[] before = colourError(plainPixels, truth, colours, band);
                    double[] after = colourError(estimatedPixels, truth, colours, band);
                    double[] row = {alpha[0], alpha[1], alpha[2], gradient, connectivity, before[0], after[0],
                            before[1], after[1]};
                    for (int i = 0; i < row.length; i++) {
                        totals[i] += row[i];
                    }
                    perImage.add(String.format(Locale.ROOT, "| %s | %.4f | %.3f | %.4f | %.2f | %.1f | %.4f | %.4f "
                                    + "| %.4f | %.4f |", composite.name(), row[0], row[1], row[2], row[3], row[4],
                            row[5], row[6], row[7], row[8]));
                    count++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d composites; default pipeline at 1.2 MP, median of %d: %.0f ms without,"
                        + " %.0f ms with foreground estimation (%+.1f %%)%n%n", count, plainTimes.size(),
                VariantEvaluation.median(plainTimes), VariantEvaluation.median(estimatedTimes), 100 * (VariantEvaluation.median(estimatedTimes) / VariantEvaluation.median(plainTimes) - 1));
        String header = " | alpha MAE | IoU | edge-band MAE | gradient error | connectivity error | colour error,"
                + " observed | colour error, estimated | colours alone, observed | colours alone, estimated |";
        System.out.println("| mean over the set" + header);
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        StringBuilder mean = new StringBuilder("| all " + count + " |");
        for (double total : totals) {
            mean.append(String.format(Locale.ROOT, " %.4f |", total / count));
        }
        System.out.println(mean);
        System.out.println();
        System.out.println("| composite" + header);
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        perImage.forEach(System.out::println);
    }

    private static int[] pixels(byte[] png, int width, int height) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        return image.getRGB(0, 0, width, height, null, 0, width);
    }

    private static byte[] alphaOf(int[] argb) {
        byte[] alpha = new byte[argb.length];
        for (int i = 0; i < argb.length; i++) {
            alpha[i] = (byte) (argb[i] >>> 24);
        }
        return alpha;
    }

    /**
     * Mean over the edge band and over black and white backgrounds of |cut-out over background - truth over
     * background|: with the cut-out's own alpha, and with the true alpha put under the cut-out's colours.
     */
    static double[] colourError(int[] argb, float[] truth, int[] colours, boolean[] band) {
        double withOwn = 0;
        double withTrue = 0;
        long n = 0;
        for (int i = 0; i < argb.length; i++) {
            if (!band[i]) {
                continue;
            }
            float a = (argb[i] >>> 24) / 255f;
            float t = truth[i];
            for (int backdrop : new int[] {0, 255}) {
                for (int shift = 16; shift >= 0; shift -= 8) {
                    float colour = argb[i] >> shift & 0xFF;
                    float trueColour = colours[i] >> shift & 0xFF;
                    float expected = t * trueColour + (1 - t) * backdrop;
                    withOwn += Math.abs(a * colour + (1 - a) * backdrop - expected) / 255;
                    withTrue += Math.abs(t * colour + (1 - t) * backdrop - expected) / 255;
                }
                n += 3;
            }
        }
        return new double[] {withOwn / n, withTrue / n};
    }
}
