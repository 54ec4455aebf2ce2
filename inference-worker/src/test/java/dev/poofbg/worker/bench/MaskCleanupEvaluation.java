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
import java.util.function.UnaryOperator;

/**
 * Evaluation program (not a test): blob removal and hole filling on the model's mask ({@link MaskCleanup}), measured
 * on the same 60 composites as {@link ForegroundColourEvaluation}, with several settings against the shipped
 * pipeline: alpha metrics, how many composites lose more than 0.01 IoU, and the clean-up's own time. Usage:
 * MaskCleanupEvaluation &lt;quality-set-dir&gt;; results go to docs/quality.md.
 */
public final class MaskCleanupEvaluation {

    private record Variant(String name, UnaryOperator<SaliencyMask> operation) {
    }

    public static void main(String[] args) throws Exception {
        File root = new File(args.length > 0 ? args[0] : "target/quality-set");
        File[] foregrounds = EdgeQualityEvaluation.sorted(new File(root, "foregrounds"));
        File[] backgrounds = EdgeQualityEvaluation.sorted(new File(root, "backgrounds"));
        ImageDecoder decoder = new ImageDecoder(40_000_000);
        MaskUpsampler guided = new MaskUpsampler(true, 1, 1e-4);
        List<Variant> variants = List.of(
                new Variant("shipped", UnaryOperator.identity()),
                new Variant("blobs < 2 % of the largest part", new MaskCleanup(0.02, 0)::clean),
                new Variant("blobs < 10 %", new MaskCleanup(0.10, 0)::clean),
                new Variant("blobs < 2 %, holes < 0.5 %", new MaskCleanup(0.02, 0.005)::clean),
                new Variant("blobs < 2 %, holes < 2 %", new MaskCleanup(0.02, 0.02)::clean));
        int n = variants.size();
        double[][] totals = new double[n][5];
        int[] worse = new int[n];
        double[] worst = new double[n];
        List<List<Long>> times = new ArrayList<>();
        variants.forEach(v -> times.add(new ArrayList<>()));
        List<String> perImage = new ArrayList<>();
        int count = 0;
        try (SaliencyModel model = BenchModels.u2netp()) {
            for (int f = 0; f < foregrounds.length; f++) {
                BufferedImage foreground = ImageIO.read(foregrounds[f]);
                for (int k = 0; k < ForegroundColourEvaluation.BACKGROUNDS_PER_FOREGROUND; k++) {
                    ForegroundColourEvaluation.Composite composite = ForegroundColourEvaluation.composite(
                            foregrounds, backgrounds, foreground, f, k, count);
                    DecodedImage image = decoder.decode(composite.jpeg());
                    SaliencyMask mask = model.predict(image.rgbImage());
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s |", composite.name()));
                    double shippedIou = 0;
                    for (int v = 0; v < n; v++) {
                        long start = System.nanoTime();
                        SaliencyMask cleaned = variants.get(v).operation().apply(mask);
                        times.get(v).add(System.nanoTime() - start);
                        byte[] alpha = guided.alpha(cleaned, image);
                        double[] m = EdgeQualityEvaluation.metrics(alpha, composite.truth(), composite.band());
                        double[] row = {m[0], m[1], m[2], MattingErrors.gradient(alpha, composite.truth(),
                                composite.width(), composite.height(), composite.band()),
                                MattingErrors.connectivity(alpha, composite.truth(), composite.width(),
                                        composite.height(), composite.band())};
                        for (int i = 0; i < row.length; i++) {
                            totals[v][i] += row[i];
                        }
                        if (v == 0) {
                            shippedIou = row[1];
                        } else if (row[1] < shippedIou - 0.01) {
                            worse[v]++;
                            worst[v] = Math.min(worst[v], row[1] - shippedIou);
                        }
                        line.append(String.format(Locale.ROOT, " %.3f / %.4f |", row[1], row[2]));
                    }
                    perImage.add(line.toString());
                    count++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d composites%n%n", count);
        System.out.println("| variant | alpha MAE | IoU | edge-band MAE | gradient error | connectivity error"
                + " | worse by > 0.01 IoU (worst) | clean-up median |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int v = 0; v < n; v++) {
            System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.2f | %.1f | %d (%.3f) | %.2f ms |%n",
                    variants.get(v).name(), totals[v][0] / count, totals[v][1] / count, totals[v][2] / count,
                    totals[v][3] / count, totals[v][4] / count, worse[v], worst[v], median(times.get(v)));
        }
        System.out.println();
        StringBuilder header = new StringBuilder("| composite |");
        variants.forEach(v -> header.append(' ').append(v.name()).append(": IoU / edge MAE |"));
        System.out.println(header);
        System.out.println("|---|" + "---|".repeat(n));
        perImage.forEach(System.out::println);
    }

    private static double median(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2] / 1e6;
    }
}
