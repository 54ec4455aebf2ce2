package dev.poofbg.worker.bench;

import dev.poofbg.worker.image.DecodedImage;
import dev.poofbg.worker.image.ImageDecoder;
import dev.poofbg.worker.image.MaskCleanup;
import dev.poofbg.worker.image.MaskUpsampler;
import dev.poofbg.worker.model.SaliencyMask;
import dev.poofbg.worker.model.SaliencyModel;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The shared loop of the quality evaluations: every variant of the cut-out's last steps runs on the 60 composites of
 * {@link ForegroundColourEvaluation} from the same decoded image and the same model mask (320, unchanged), and is
 * scored against the first variant (the shipped steps): alpha MAE, IoU, edge-band MAE, gradient and connectivity
 * errors ({@link MattingErrors}), the foreground colour error as seen and with the colours alone, how many composites
 * lose more than 0.01 IoU (and the worst loss), and the variant's own median time on the 1.2 MP composites.
 */
final class VariantEvaluation {

    /** What every variant starts from. */
    record Input(DecodedImage image, SaliencyMask mask, SaliencyModel model) {

        /** A copy of the image whose colours a variant may rewrite. */
        DecodedImage copy() {
            return DecodedImage.of(image.argb(), image.width(), image.height(), image.hasAlpha());
        }
    }

    /** A variant's cut-out: its alpha, and the colours under it (the image's own when the variant left them). */
    record Output(byte[] alpha, int[] colours) {
    }

    @FunctionalInterface
    interface Steps {
        Output apply(Input input) throws Exception;
    }

    record Variant(String name, Steps steps) {
    }

    /** The shipped steps after the model: blob removal, then the guided filter. */
    static final MaskUpsampler GUIDED = new MaskUpsampler(true, 1, 1e-4);

    static Output shipped(Input input) {
        return new Output(GUIDED.alpha(MaskCleanup.DEFAULT.clean(input.mask()), input.image()), input.image().argb());
    }

    private static final String[] COLUMNS = {"alpha MAE", "IoU", "edge-band MAE", "gradient error",
            "connectivity error", "colour error, as seen", "colour error, colours alone"};
    private static final String[] FORMATS = {"%.4f", "%.4f", "%.4f", "%.2f", "%.1f", "%.4f", "%.4f"};

    private VariantEvaluation() {
    }

    static void run(File root, SaliencyModel model, List<Variant> variants) throws Exception {
        File[] foregrounds = EdgeQualityEvaluation.sorted(new File(root, "foregrounds"));
        File[] backgrounds = EdgeQualityEvaluation.sorted(new File(root, "backgrounds"));
        ImageDecoder decoder = new ImageDecoder(40_000_000);
        int n = variants.size();
        double[][] totals = new double[n][COLUMNS.length];
        int[] worse = new int[n];
        double[] worst = new double[n];
        List<List<Long>> times = new ArrayList<>();
        variants.forEach(v -> times.add(new ArrayList<>()));
        List<Long> modelTimes = new ArrayList<>();
        List<String> perImage = new ArrayList<>();
        int count = 0;
        for (int f = 0; f < foregrounds.length; f++) {
            BufferedImage foreground = ImageIO.read(foregrounds[f]);
            for (int k = 0; k < ForegroundColourEvaluation.BACKGROUNDS_PER_FOREGROUND; k++) {
                ForegroundColourEvaluation.Composite composite = ForegroundColourEvaluation.composite(
                        foregrounds, backgrounds, foreground, f, k, count);
                boolean timed = composite.width() == 1280 && count > 1; // the first 1.2 MP composite warms up
                long start = System.nanoTime();
                DecodedImage image = decoder.decode(composite.jpeg());
                SaliencyMask mask = model.predict(image.rgbImage());
                if (timed) {
                    modelTimes.add(System.nanoTime() - start);
                }
                Input input = new Input(image, mask, model);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s |", composite.name()));
                double shippedIou = 0;
                for (int v = 0; v < n; v++) {
                    long begin = System.nanoTime();
                    Output output = variants.get(v).steps().apply(input);
                    if (timed) {
                        times.get(v).add(System.nanoTime() - begin);
                    }
                    double[] row = scores(composite, output);
                    for (int i = 0; i < row.length; i++) {
                        totals[v][i] += row[i];
                    }
                    if (v == 0) {
                        shippedIou = row[1];
                    } else if (row[1] < shippedIou - 0.01) {
                        worse[v]++;
                        worst[v] = Math.min(worst[v], row[1] - shippedIou);
                    }
                    line.append(String.format(Locale.ROOT, " %.3f / %.4f / %.4f |", row[1], row[2], row[6]));
                }
                perImage.add(line.toString());
                count++;
            }
        }
        System.out.printf(Locale.ROOT, "%d composites; at 1.2 MP, median: decode and model %.0f ms%n%n", count,
                median(modelTimes));
        StringBuilder header = new StringBuilder("| variant |");
        for (String column : COLUMNS) {
            header.append(' ').append(column).append(" |");
        }
        System.out.println(header + " worse by > 0.01 IoU (worst) | steps at 1.2 MP, median |");
        System.out.println("|---|" + "---|".repeat(COLUMNS.length + 2));
        for (int v = 0; v < n; v++) {
            StringBuilder row = new StringBuilder("| " + variants.get(v).name() + " |");
            for (int i = 0; i < COLUMNS.length; i++) {
                row.append(' ').append(String.format(Locale.ROOT, FORMATS[i], totals[v][i] / count)).append(" |");
            }
            System.out.println(row + String.format(Locale.ROOT, " %d (%.3f) | %.1f ms |", worse[v], worst[v],
                    median(times.get(v))));
        }
        System.out.println();
        StringBuilder composites = new StringBuilder("| composite |");
        variants.forEach(v -> composites.append(' ').append(v.name()).append(": IoU / edge MAE / colours alone |"));
        System.out.println(composites);
        System.out.println("|---|" + "---|".repeat(n));
        perImage.forEach(System.out::println);
    }

    private static double[] scores(ForegroundColourEvaluation.Composite composite, Output output) {
        byte[] alpha = output.alpha();
        float[] truth = composite.truth();
        boolean[] band = composite.band();
        int width = composite.width();
        int height = composite.height();
        double[] m = EdgeQualityEvaluation.metrics(alpha, truth, band);
        double[] colour = ForegroundColourEvaluation.colourError(cutout(alpha, output.colours()), truth,
                composite.colours(), band);
        return new double[] {m[0], m[1], m[2], MattingErrors.gradient(alpha, truth, width, height, band),
                MattingErrors.connectivity(alpha, truth, width, height, band), colour[0], colour[1]};
    }

    /** The cut-out's pixels as the worker writes them: colours zeroed under alpha 0. */
    private static int[] cutout(byte[] alpha, int[] colours) {
        int[] argb = new int[alpha.length];
        for (int i = 0; i < argb.length; i++) {
            int a = alpha[i] & 0xFF;
            argb[i] = a == 0 ? 0 : a << 24 | colours[i] & 0xFFFFFF;
        }
        return argb;
    }

    static double median(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2] / 1e6;
    }
}
