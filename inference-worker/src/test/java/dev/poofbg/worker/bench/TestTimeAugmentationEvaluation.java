package dev.poofbg.worker.bench;

import dev.poofbg.worker.image.DecodedImage;
import dev.poofbg.worker.image.ImageDecoder;
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
 * Evaluation program (not a test): horizontal-flip test-time augmentation, measured on the same 60 composites as
 * {@link ForegroundColourEvaluation}. The model sees the image and its mirror; the two masks (the second mirrored
 * back) are averaged before the guided filter. Alpha metrics for one pass and for the average, and the model's time
 * for each (the averaged variant runs the model twice). Usage: TestTimeAugmentationEvaluation &lt;quality-set-dir&gt;;
 * results go to docs/quality.md.
 */
public final class TestTimeAugmentationEvaluation {

    public static void main(String[] args) throws Exception {
        File root = new File(args.length > 0 ? args[0] : "target/quality-set");
        File[] foregrounds = EdgeQualityEvaluation.sorted(new File(root, "foregrounds"));
        File[] backgrounds = EdgeQualityEvaluation.sorted(new File(root, "backgrounds"));
        ImageDecoder decoder = new ImageDecoder(40_000_000);
        MaskUpsampler guided = new MaskUpsampler(true, 1, 1e-4);
        double[][] totals = new double[2][5];
        List<Long> single = new ArrayList<>();
        List<Long> flipped = new ArrayList<>();
        List<String> perImage = new ArrayList<>();
        int count = 0;
        try (SaliencyModel model = BenchModels.u2netp()) {
            for (int f = 0; f < foregrounds.length; f++) {
                BufferedImage foreground = ImageIO.read(foregrounds[f]);
                for (int k = 0; k < ForegroundColourEvaluation.BACKGROUNDS_PER_FOREGROUND; k++) {
                    ForegroundColourEvaluation.Composite composite = ForegroundColourEvaluation.composite(
                            foregrounds, backgrounds, foreground, f, k, count);
                    DecodedImage image = decoder.decode(composite.jpeg());
                    long start = System.nanoTime();
                    SaliencyMask once = model.predict(image.rgbImage());
                    long middle = System.nanoTime();
                    SaliencyMask mirrored = model.predict(mirror(image.rgbImage()));
                    long end = System.nanoTime();
                    if (count > 0) {
                        single.add(middle - start);
                        flipped.add(end - start);
                    }
                    byte[][] alphas = {guided.alpha(once, image), guided.alpha(average(once, mirrored), image)};
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s |", composite.name()));
                    for (int v = 0; v < 2; v++) {
                        double[] m = EdgeQualityEvaluation.metrics(alphas[v], composite.truth(), composite.band());
                        double[] row = {m[0], m[1], m[2], MattingErrors.gradient(alphas[v], composite.truth(),
                                composite.width(), composite.height(), composite.band()),
                                MattingErrors.connectivity(alphas[v], composite.truth(), composite.width(),
                                        composite.height(), composite.band())};
                        for (int i = 0; i < row.length; i++) {
                            totals[v][i] += row[i];
                        }
                        line.append(String.format(Locale.ROOT, " %.4f / %.3f / %.4f / %.2f / %.1f |", row[0], row[1],
                                row[2], row[3], row[4]));
                    }
                    perImage.add(line.toString());
                    count++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d composites; model median %.0f ms once, %.0f ms with the mirror%n%n", count,
                median(single), median(flipped));
        System.out.println("| mean | alpha MAE | IoU | edge-band MAE | gradient error | connectivity error |");
        System.out.println("|---|---|---|---|---|---|");
        String[] names = {"one pass (shipped)", "flip averaged"};
        for (int v = 0; v < 2; v++) {
            System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.2f | %.1f |%n", names[v], totals[v][0] / count,
                    totals[v][1] / count, totals[v][2] / count, totals[v][3] / count, totals[v][4] / count);
        }
        System.out.println();
        System.out.println("| composite | one pass: MAE / IoU / edge MAE / gradient / connectivity | flip averaged |");
        System.out.println("|---|---|---|");
        perImage.forEach(System.out::println);
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

    private static double median(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2] / 1e6;
    }
}
