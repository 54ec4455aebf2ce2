package dev.poofbg.worker.bench;

import dev.poofbg.worker.image.DecodedImage;
import dev.poofbg.worker.image.ImageDecoder;
import dev.poofbg.worker.image.MaskUpsampler;
import dev.poofbg.worker.model.SaliencyModel;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Evaluation program (not a test): the model fed at other input sizes than its training size, 320 (the network is
 * fully convolutional), measured on the same 60 composites as {@link ForegroundColourEvaluation}: alpha metrics, how
 * many composites lose more than 0.01 IoU against 320, and the model's median time per size; then two ways to combine
 * the first two sizes (the model run at both): their alphas averaged, and the second's alpha only in the first's
 * uncertain band. Usage: InputSizeEvaluation &lt;quality-set-dir&gt; [size...]
 * (default 320 416 512); results go to docs/quality.md.
 */
public final class InputSizeEvaluation {

    public static void main(String[] args) throws Exception {
        File root = new File(args.length > 0 ? args[0] : "target/quality-set");
        int[] sizes = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {320, 416, 512};
        File[] foregrounds = EdgeQualityEvaluation.sorted(new File(root, "foregrounds"));
        File[] backgrounds = EdgeQualityEvaluation.sorted(new File(root, "backgrounds"));
        ImageDecoder decoder = new ImageDecoder(40_000_000);
        MaskUpsampler guided = new MaskUpsampler(true, 1, 1e-4);
        int n = sizes.length + 2;
        SaliencyModel[] models = new SaliencyModel[sizes.length];
        for (int v = 0; v < sizes.length; v++) {
            models[v] = BenchModels.u2netp(sizes[v]);
        }
        double[][] totals = new double[n][5];
        int[] worse = new int[n];
        double[] worst = new double[n];
        List<List<Long>> times = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            times.add(new ArrayList<>());
        }
        List<String> perImage = new ArrayList<>();
        int count = 0;
        try {
            for (int f = 0; f < foregrounds.length; f++) {
                BufferedImage foreground = ImageIO.read(foregrounds[f]);
                for (int k = 0; k < ForegroundColourEvaluation.BACKGROUNDS_PER_FOREGROUND; k++) {
                    ForegroundColourEvaluation.Composite composite = ForegroundColourEvaluation.composite(
                            foregrounds, backgrounds, foreground, f, k, count);
                    DecodedImage image = decoder.decode(composite.jpeg());
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s |", composite.name()));
                    double baseIou = 0;
                    byte[][] alphas = new byte[n][];
                    for (int v = 0; v < n; v++) {
                        long start = System.nanoTime();
                        byte[] alpha;
                        if (v < sizes.length) {
                            alpha = guided.alpha(models[v].predict(image.rgbImage()), image);
                        } else if (v == sizes.length) {
                            alpha = average(alphas[0], alphas[1]);
                        } else {
                            alpha = edgesFromSecond(alphas[0], alphas[1], composite.width(), composite.height());
                        }
                        alphas[v] = alpha;
                        if (count > 0) {
                            times.get(v).add(System.nanoTime() - start + (v < sizes.length ? 0
                                    : times.get(0).get(times.get(0).size() - 1) + times.get(1).get(times.get(1).size() - 1)));
                        }
                        double[] m = EdgeQualityEvaluation.metrics(alpha, composite.truth(), composite.band());
                        double[] row = {m[0], m[1], m[2], MattingErrors.gradient(alpha, composite.truth(),
                                composite.width(), composite.height(), composite.band()),
                                MattingErrors.connectivity(alpha, composite.truth(), composite.width(),
                                        composite.height(), composite.band())};
                        for (int i = 0; i < row.length; i++) {
                            totals[v][i] += row[i];
                        }
                        if (v == 0) {
                            baseIou = row[1];
                        } else if (row[1] < baseIou - 0.01) {
                            worse[v]++;
                            worst[v] = Math.min(worst[v], row[1] - baseIou);
                        }
                        line.append(String.format(Locale.ROOT, " %.3f / %.4f |", row[1], row[2]));
                    }
                    perImage.add(line.toString());
                    count++;
                }
            }
        } finally {
            for (SaliencyModel model : models) {
                model.close();
            }
        }
        System.out.printf(Locale.ROOT, "%d composites%n%n", count);
        System.out.println("| input size | alpha MAE | IoU | edge-band MAE | gradient error | connectivity error"
                + " | worse than 320 by > 0.01 IoU (worst) | model and upsampling, median |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int v = 0; v < n; v++) {
            System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.2f | %.1f | %d (%.3f) | %.0f ms |%n",
                    label(sizes, v), totals[v][0] / count, totals[v][1] / count, totals[v][2] / count, totals[v][3] / count,
                    totals[v][4] / count, worse[v], worst[v], median(times.get(v)));
        }
        System.out.println();
        StringBuilder header = new StringBuilder("| composite |");
        for (int v = 0; v < n; v++) {
            header.append(' ').append(label(sizes, v)).append(": IoU / edge MAE |");
        }
        System.out.println(header);
        System.out.println("|---|" + "---|".repeat(n));
        perImage.forEach(System.out::println);
    }

    private static String label(int[] sizes, int v) {
        if (v < sizes.length) {
            return Integer.toString(sizes[v]);
        }
        return v == sizes.length ? sizes[0] + " and " + sizes[1] + " averaged"
                : sizes[1] + " inside " + sizes[0] + "'s uncertain band";
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

    private static double median(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2] / 1e6;
    }
}
