package dev.poofbg.worker.bench;

import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.worker.image.CutoutResult;
import dev.poofbg.worker.image.DecodedImage;
import dev.poofbg.worker.image.ImageDecoder;
import dev.poofbg.worker.image.ImageEncoders;
import dev.poofbg.worker.image.OutputRenderer;
import dev.poofbg.worker.image.PngEncoder;
import dev.poofbg.worker.image.WebpEncoder;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark program (not a test): the result formats of the output options on the same photo-like cut-out at 1, 4 and
 * 12 MP (median of the iterations after a warm-up): PNG, lossless WebP at libwebp effort 0 (the default)
 * and 4, JPEG
 * at quality 90; and the cost the default path gained (finding the subject's box). Run it like PipelineBenchmark
 * (docs/benchmarks.md, "Output formats").
 */
public final class OutputEncodersBenchmark {
    private static final int[][] SIZES = {{1200, 832}, {2400, 1664}, {4256, 2832}};

    public static void main(String[] args) throws Exception {
        int iterations = Integer.getInteger("bench.iterations", 7);
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        PngEncoder png = new PngEncoder(1, PngEncoder.Filter.UP);
        Map<String, OutputRenderer> renderers = new java.util.LinkedHashMap<>();
        renderers.put("png", new OutputRenderer(png, new ImageEncoders(0.9f, new WebpEncoder(4))));
        renderers.put("webp m0", new OutputRenderer(png, new ImageEncoders(0.9f, new WebpEncoder(0))));
        renderers.put("webp m4", new OutputRenderer(png, new ImageEncoders(0.9f, new WebpEncoder(4))));
        renderers.put("jpg q90", new OutputRenderer(png, new ImageEncoders(0.9f, new WebpEncoder(4))));
        System.out.println("| size | format | median ms | KB |");
        System.out.println("|---|---|---|---|");
        for (int[] size : SIZES) {
            int width = size[0];
            int height = size[1];
            byte[] jpeg = PipelineBenchmark.photoJpeg(width, height);
            ImageDecoder decoder = new ImageDecoder(40_000_000);
            DecodedImage image = decoder.decode(jpeg, decoder.header(jpeg));
            byte[] mask = ellipseMask(width, height);
            for (Map.Entry<String, OutputRenderer> entry : renderers.entrySet()) {
                String format = entry.getKey().split(" ")[0];
                // "crop" with a zero margin on a mask that touches nothing near the edges would shrink the image:
                // the full image is rendered, in the format asked, through the options path.
                OutputOptions options = options("format", format, "bg_color", format.equals("jpg") ? null : "#00000000");
                long[] times = new long[iterations];
                CutoutResult result = null;
                for (int i = -2; i < iterations; i++) {
                    long start = System.nanoTime();
                    result = entry.getValue().render(image, mask, options);
                    if (i >= 0) {
                        times[i] = System.nanoTime() - start;
                    }
                }
                java.util.Arrays.sort(times);
                System.out.printf(Locale.ROOT, "| %.1f MP | %s | %.0f | %,d |%n", width * height / 1e6, entry.getKey(),
                        times[iterations / 2] / 1e6, result.bytes().length >> 10);
            }
            long[] box = new long[iterations];
            for (int i = -2; i < iterations; i++) {
                long start = System.nanoTime();
                OutputRenderer.subjectBox(mask, width, height);
                if (i >= 0) {
                    box[i] = System.nanoTime() - start;
                }
            }
            java.util.Arrays.sort(box);
            System.out.printf(Locale.ROOT, "| %.1f MP | subject box (default path) | %.1f | |%n", width * height / 1e6,
                    box[iterations / 2] / 1e6);
        }
    }

    private static OutputOptions options(String... pairs) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                fields.put(pairs[i], pairs[i + 1]);
            }
        }
        return OutputOptions.parse(fields::get);
    }

    /** An elliptic subject with a soft 3-pixel edge, as a model's mask looks. */
    private static byte[] ellipseMask(int width, int height) {
        byte[] mask = new byte[width * height];
        double cx = width / 2.0;
        double cy = height / 2.0;
        double rx = width * 0.3;
        double ry = height * 0.4;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double d = Math.hypot((x - cx) / rx, (y - cy) / ry);
                double edge = (1 - d) * Math.min(rx, ry) / 3;
                mask[y * width + x] = (byte) Math.round(255 * Math.max(0, Math.min(1, edge + 0.5)));
            }
        }
        return mask;
    }
}
