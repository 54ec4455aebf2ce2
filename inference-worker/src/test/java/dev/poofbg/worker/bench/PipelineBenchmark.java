package dev.poofbg.worker.bench;

import dev.poofbg.worker.image.CutoutResult;
import dev.poofbg.worker.image.DecodedImage;
import dev.poofbg.worker.image.EdgeMatting;
import dev.poofbg.worker.image.ImageDecoder;
import dev.poofbg.worker.image.ImagePipeline;
import dev.poofbg.worker.image.MaskUpsampler;
import dev.poofbg.worker.image.PixelBudget;
import dev.poofbg.worker.image.PngEncoder;
import dev.poofbg.worker.model.ImagePreprocessor;
import dev.poofbg.worker.model.SaliencyMask;
import dev.poofbg.worker.model.SaliencyModel;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Benchmark program (not a test): the full worker pipeline, JPEG bytes in to PNG bytes out, for
 * photos of about 0.25, 1, 4 and 12 megapixels (median and p90), the stages of the 1 MP case, and
 * a comparison of PNG encoders. Run it as docs/benchmarks.md ("Worker pipeline") shows.
 */
public final class PipelineBenchmark {
    private static final int[][] SIZES = {{600, 416}, {1200, 832}, {2400, 1664}, {4256, 2832}};

    public static void main(String[] args) throws Exception {
        int iterations = Integer.getInteger("bench.iterations", 15);
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, Java %s, max heap %d MB%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        try (SaliencyModel model = BenchModels.u2netp()) {
            ImageDecoder decoder = new ImageDecoder(40_000_000);
            PngEncoder png = new PngEncoder(1, PngEncoder.Filter.UP);
            PixelBudget budget = PixelBudget.ofHeap(Runtime.getRuntime().maxMemory());
            ImagePipeline guided = new ImagePipeline(decoder, model, new MaskUpsampler(true, 1, 1e-4), png, budget);
            ImagePipeline bilinear = new ImagePipeline(decoder, model, new MaskUpsampler(false, 1, 1e-4), png,
                    budget);

            byte[][] jpegs = new byte[SIZES.length][];
            for (int s = 0; s < SIZES.length; s++) {
                jpegs[s] = photoJpeg(SIZES[s][0], SIZES[s][1]);
            }
            // A running worker has compiled its hot code for every size; without this the first case measured
            // would also pay for the JIT compiling on the same two cores.
            for (int round = 0; round < 3; round++) {
                for (byte[] jpeg : jpegs) {
                    guided.cutOut(jpeg);
                    bilinear.cutOut(jpeg);
                }
            }

            System.out.println();
            System.out.println("Full pipeline (JPEG bytes -> RGBA PNG bytes), " + iterations
                    + " runs after 3 warm-up rounds over all sizes and 1 warm-up per case");
            System.out.println("| input | JPEG size | upsampling | median ms | p90 ms | PNG size |");
            System.out.println("|---|---|---|---|---|---|");
            for (int s = 0; s < SIZES.length; s++) {
                int[] size = SIZES[s];
                byte[] jpeg = jpegs[s];
                int runs = size[0] * size[1] > 8_000_000 ? Math.max(5, iterations / 2) : iterations;
                for (ImagePipeline pipeline : new ImagePipeline[] {guided, bilinear}) {
                    long[] times = new long[runs];
                    CutoutResult result = null;
                    for (int i = -1; i < runs; i++) {
                        long start = System.nanoTime();
                        result = pipeline.cutOut(jpeg);
                        if (i >= 0) {
                            times[i] = System.nanoTime() - start;
                        }
                    }
                    System.out.printf(Locale.ROOT, "| %dx%d (%.2f MP) | %d KB | %s | %.0f | %.0f | %d KB |%n",
                            size[0], size[1], size[0] * size[1] / 1e6, jpeg.length >> 10,
                            pipeline == guided ? "guided filter" : "bilinear",
                            percentile(times, 50), percentile(times, 90), result.bytes().length >> 10);
                }
            }

            stages(decoder, model, photoJpeg(1200, 832), iterations);
            pngEncoders(decoder, model, iterations);
        }
        System.out.println();
        System.out.println("peak RSS of this process: " + BenchModels.peakRss());
    }

    /** Where the 1 MP case spends its time. */
    private static void stages(ImageDecoder decoder, SaliencyModel model, byte[] jpeg, int iterations)
            throws Exception {
        long[] decode = new long[iterations];
        long[] infer = new long[iterations];
        long[] preprocess = new long[iterations];
        ImagePreprocessor preprocessor = BenchModels.u2netpPreprocessor();
        long[] guide = new long[iterations];
        long[] guided = new long[iterations];
        long[] matting = new long[iterations];
        long[] bilinear = new long[iterations];
        long[] encode = new long[iterations];
        long[] encodeOneThread = new long[iterations];
        MaskUpsampler guidedUp = new MaskUpsampler(true, 1, 1e-4);
        MaskUpsampler bilinearUp = new MaskUpsampler(false, 1, 1e-4);
        PngEncoder png = new PngEncoder(1, PngEncoder.Filter.UP);
        PngEncoder pngOneThread = new PngEncoder(1, PngEncoder.Filter.UP, 1);
        for (int i = -3; i < iterations; i++) {
            long t0 = System.nanoTime();
            DecodedImage image = decoder.decode(jpeg);
            long t1 = System.nanoTime();
            SaliencyMask mask = model.predict(image.rgbImage());
            long t2 = System.nanoTime();
            preprocessor.toHwc(image.rgbImage());
            long t2a = System.nanoTime();
            MaskUpsampler.Guide imageOnly = guidedUp.guide(image, mask.width(), mask.height());
            long t2b = System.nanoTime();
            byte[] alpha = guidedUp.alpha(mask, imageOnly);
            long t3 = System.nanoTime();
            EdgeMatting.DEFAULT.refine(image, alpha, EdgeMatting.modelPixel(image.width(), image.height(),
                    mask.width(), mask.height()), true);
            long t3a = System.nanoTime();
            bilinearUp.alpha(mask, image);
            long t4 = System.nanoTime();
            png.encodeRgba(image.width(), image.height(), rows(image, alpha));
            long t5 = System.nanoTime();
            pngOneThread.encodeRgba(image.width(), image.height(), rows(image, alpha));
            long t6 = System.nanoTime();
            if (i >= 0) {
                decode[i] = t1 - t0;
                infer[i] = t2 - t1;
                preprocess[i] = t2a - t2;
                guide[i] = t2b - t2a;
                guided[i] = t3 - t2b;
                matting[i] = t3a - t3;
                bilinear[i] = t4 - t3a;
                encode[i] = t5 - t4;
                encodeOneThread[i] = t6 - t5;
            }
        }
        System.out.println();
        System.out.println("Stages of the 1.0 MP case (median / p90 ms)");
        System.out.println("| stage | median ms | p90 ms |");
        System.out.println("|---|---|---|");
        row("decode JPEG + orient", decode);
        row("model (resize, normalise, U2-Net-p forward, min-max)", infer);
        row("of which resize + normalise to the model's input (single-threaded)", preprocess);
        row("guided filter, image-only part (the pipeline overlaps it with the model)", guide);
        row("guided filter, with the mask", guided);
        row("edge matting of the uncertain band, alpha and colours", matting);
        row("mask upsampling, bilinear", bilinear);
        row("compose + PNG encode (deflate 1, Up), bands on " + (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1) + " threads", encode);
        row("compose + PNG encode (deflate 1, Up), one thread", encodeOneThread);
    }

    /** PNG encoders on real cut-outs (1 MP and 4 MP), same pixels for all. */
    private static void pngEncoders(ImageDecoder decoder, SaliencyModel model, int iterations) throws Exception {
        for (int[] size : new int[][] {SIZES[1], SIZES[2]}) {
            DecodedImage image = decoder.decode(photoJpeg(size[0], size[1]));
            byte[] alpha = new MaskUpsampler(true, 1, 1e-4).alpha(model.predict(image.rgbImage()), image);
            BufferedImage rgba = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_4BYTE_ABGR);
            byte[] row = new byte[image.width() * 4];
            PngEncoder.RowSource source = rows(image, alpha);
            for (int y = 0; y < image.height(); y++) {
                source.fill(y, row);
                for (int x = 0; x < image.width(); x++) {
                    int a = row[4 * x + 3] & 0xFF;
                    rgba.getRaster().setPixel(x, y, new int[] {row[4 * x] & 0xFF, row[4 * x + 1] & 0xFF,
                            row[4 * x + 2] & 0xFF, a});
                }
            }
            int runs = Math.max(5, iterations / (size == SIZES[2] ? 2 : 1));
            System.out.println();
            System.out.printf(Locale.ROOT, "PNG encoders, %dx%d RGBA cut-out (%d runs)%n", size[0], size[1], runs);
            System.out.println("| encoder | median ms | p90 ms | size KB |");
            System.out.println("|---|---|---|---|");
            for (int level : new int[] {1, 3, 6}) {
                for (PngEncoder.Filter filter : PngEncoder.Filter.values()) {
                    PngEncoder encoder = new PngEncoder(level, filter);
                    measure("hand-rolled, deflate " + level + ", filter " + filter.name().toLowerCase(Locale.ROOT), runs,
                            () -> encoder.encodeRgba(image.width(), image.height(), source));
                }
            }
            measure("ImageIO PNG writer, default settings", runs, () -> BenchImageIo.write(rgba, "png", -1f));
            measure("ImageIO PNG writer, compression quality 1.0 (fastest)", runs, () -> BenchImageIo.write(rgba, "png", 1.0f));
            measure("ImageIO PNG writer, compression quality 0.75", runs, () -> BenchImageIo.write(rgba, "png", 0.75f));
        }
    }

    private interface Encoding {
        byte[] run() throws IOException;
    }

    private static void measure(String name, int runs, Encoding encoding) throws IOException {
        long[] times = new long[runs];
        byte[] out = null;
        for (int i = -2; i < runs; i++) {
            long start = System.nanoTime();
            out = encoding.run();
            if (i >= 0) {
                times[i] = System.nanoTime() - start;
            }
        }
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %d |%n", name, percentile(times, 50),
                percentile(times, 90), out.length >> 10);
    }

    /** Compose rows exactly as the pipeline does (the class is package-private there). */
    private static PngEncoder.RowSource rows(DecodedImage image, byte[] alpha) {
        int[] argb = image.argb();
        int width = image.width();
        return (y, row) -> {
            for (int x = 0, o = 0; x < width; x++, o += 4) {
                int px = argb[y * width + x];
                int a = alpha[y * width + x] & 0xFF;
                if (a == 0) {
                    row[o] = row[o + 1] = row[o + 2] = row[o + 3] = 0;
                } else {
                    row[o] = (byte) (px >> 16);
                    row[o + 1] = (byte) (px >> 8);
                    row[o + 2] = (byte) px;
                    row[o + 3] = (byte) a;
                }
            }
        };
    }

    private static void row(String name, long[] times) {
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", name, percentile(times, 50), percentile(times, 90));
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /**
     * A photo-like JPEG (quality 0.9): a lit gradient backdrop with sensor noise and a few shaded
     * objects in front, so that JPEG and PNG sizes are those of photographs, not of flat colour.
     */
    static byte[] photoJpeg(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(0x9DB4C0), width, height, new Color(0xE8DCC8)));
        g.fillRect(0, 0, width, height);
        Random random = new Random(42);
        for (int i = 0; i < 6; i++) {
            int w = width / 8 + random.nextInt(width / 6);
            int h = height / 8 + random.nextInt(height / 6);
            int x = random.nextInt(width - w);
            int y = random.nextInt(height - h);
            g.setPaint(new GradientPaint(x, y, new Color(random.nextInt(0xFFFFFF)), x + w, y + h,
                    new Color(random.nextInt(0xFFFFFF))));
            g.fillOval(x, y, w, h);
        }
        g.setPaint(new GradientPaint(width * 0.35f, height * 0.2f, new Color(0xB03A2E), width * 0.65f, height * 0.85f,
                new Color(0x4A1A14)));
        g.fillRoundRect((int) (width * 0.35), (int) (height * 0.2), (int) (width * 0.3), (int) (height * 0.65),
                width / 10, width / 10);
        g.dispose();
        byte[] pixels = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            int v = (pixels[i] & 0xFF) + (int) (random.nextGaussian() * 4);
            pixels[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return BenchImageIo.jpeg(image, 0.9f);
    }
}
