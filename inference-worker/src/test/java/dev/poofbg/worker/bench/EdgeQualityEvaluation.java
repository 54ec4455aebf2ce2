package dev.poofbg.worker.bench;

import dev.poofbg.worker.image.DecodedImage;
import dev.poofbg.worker.image.ImageDecoder;
import dev.poofbg.worker.image.MaskUpsampler;
import dev.poofbg.worker.model.SaliencyMask;
import dev.poofbg.worker.model.SaliencyModel;


import javax.imageio.ImageIO;



import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluation program (not a test): composes cut-outs with known alpha onto photos and textures
 * (src/test/quality/MANIFEST.md), runs the model once per composite and compares the alpha that each
 * mask upsampling gives with the ground truth: MAE, IoU at 0.5 and MAE in a band around the true
 * outline. Usage: EdgeQualityEvaluation &lt;quality-set-dir&gt;; results go to docs/quality.md.
 */
public final class EdgeQualityEvaluation {
    static final int WIDTH = 1280;
    static final int HEIGHT = 960;
    /** Half-width of the edge band, in full-resolution pixels. */
    private static final int BAND = 6;

    public static void main(String[] args) throws Exception {
        File root = new File(args.length > 0 ? args[0] : "target/quality-set");
        File[] foregrounds = iconForegrounds(root);
        File[] backgrounds = firstBackgrounds(root);

        Map<String, MaskUpsampler> variants = new LinkedHashMap<>();
        variants.put("bilinear", new MaskUpsampler(false, 0, 0));
        for (int radius : new int[] {1, 2, 4}) {
            for (double eps : new double[] {1e-2, 1e-3, 1e-4, 1e-5, 1e-6}) {
                variants.put(String.format(Locale.ROOT, "guided r=%d eps=%.0e", radius, eps),
                        new MaskUpsampler(true, radius, eps));
            }
        }
        Map<String, double[]> totals = new LinkedHashMap<>();
        Map<String, double[]> foundTotals = new LinkedHashMap<>();
        variants.keySet().forEach(k -> totals.put(k, new double[3]));
        variants.keySet().forEach(k -> foundTotals.put(k, new double[3]));
        List<String> perImage = new ArrayList<>();
        ImageDecoder decoder = new ImageDecoder(40_000_000);
        int count = 0;
        int found = 0;
        try (SaliencyModel model = BenchModels.u2netp()) {
            for (File bgFile : backgrounds) {
                for (int f = 0; f < foregrounds.length; f++) {
                    File fgFile = foregrounds[f];
                    float[] truth = new float[WIDTH * HEIGHT];
                    byte[] jpeg = composite(ImageIO.read(bgFile), ImageIO.read(fgFile), WIDTH, HEIGHT, 0.7,
                            f % 2 == 0 ? -0.1 : 0.1, f < 2 ? -0.05 : 0.05, truth, null);
                    DecodedImage image = decoder.decode(jpeg);
                    SaliencyMask mask = model.predict(image.rgbImage());
                    boolean[] band = edgeBand(truth, WIDTH, HEIGHT, BAND);
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s on %s |",
                            name(fgFile), name(bgFile)));
                    // "found": the model picked the pasted object (bilinear IoU >= 0.8), so that the
                    // comparison isolates the upsampling from the model's choice of subject
                    boolean objectFound = metrics(variants.get("bilinear").alpha(mask, image), truth, band)[1] >= 0.8;
                    found += objectFound ? 1 : 0;
                    for (Map.Entry<String, MaskUpsampler> variant : variants.entrySet()) {
                        double[] m = metrics(variant.getValue().alpha(mask, image), truth, band);
                        double[] total = totals.get(variant.getKey());
                        double[] foundTotal = foundTotals.get(variant.getKey());
                        for (int i = 0; i < 3; i++) {
                            total[i] += m[i];
                            foundTotal[i] += objectFound ? m[i] : 0;
                        }
                        if (variant.getKey().equals("bilinear") || variant.getKey().equals("guided r=1 eps=1e-04")) {
                            line.append(String.format(Locale.ROOT, " %.4f / %.3f / %.4f |", m[0], m[1], m[2]));
                        }
                    }
                    perImage.add(line.toString());
                    count++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d composites of %dx%d, edge band +-%d px%n%n", count, WIDTH, HEIGHT, BAND);
        System.out.printf(Locale.ROOT, "| upsampling | MAE (all %d) | IoU (all) | edge-band MAE (all) "
                + "| MAE (found, %d) | IoU (found) | edge-band MAE (found) |%n", count, found);
        System.out.println("|---|---|---|---|---|---|---|");
        for (Map.Entry<String, double[]> e : totals.entrySet()) {
            double[] t = e.getValue();
            double[] f = foundTotals.get(e.getKey());
            System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |%n", e.getKey(),
                    t[0] / count, t[1] / count, t[2] / count, f[0] / found, f[1] / found, f[2] / found);
        }
        System.out.println();
        System.out.println("| composite | bilinear MAE / IoU / edge MAE | guided r=1 eps=1e-4 MAE / IoU / edge MAE |");
        System.out.println("|---|---|---|");
        perImage.forEach(System.out::println);
    }

    /**
     * Background scaled to cover a {@code width x height} canvas, foreground scaled (bicubic, aspect kept) to
     * {@code share} of the canvas height (or its width, if narrower), centred then moved by {@code offsetX} and
     * {@code offsetY} of the canvas, and blended with its own alpha, which becomes the ground truth (and its colours,
     * when {@code colours} is not null); returned as a quality-92 JPEG.
     */
    static byte[] composite(BufferedImage background, BufferedImage foreground, int width, int height, double share,
                            double offsetX, double offsetY, float[] truth, int[] colours) throws IOException {
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        double cover = Math.max((double) width / background.getWidth(), (double) height / background.getHeight());
        int bw = (int) Math.ceil(background.getWidth() * cover);
        int bh = (int) Math.ceil(background.getHeight() * cover);
        g.drawImage(background, (width - bw) / 2, (height - bh) / 2, bw, bh, null);
        g.dispose();

        double scale = Math.min(share * height / foreground.getHeight(), share * width / foreground.getWidth());
        int fw = (int) (foreground.getWidth() * scale);
        int fh = (int) (foreground.getHeight() * scale);
        BufferedImage fg = new BufferedImage(fw, fh, BufferedImage.TYPE_INT_ARGB);
        Graphics2D fgGraphics = fg.createGraphics();
        fgGraphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        fgGraphics.drawImage(foreground, 0, 0, fw, fh, null);
        fgGraphics.dispose();

        int left = (width - fw) / 2 + (int) Math.round(offsetX * width);
        int top = (height - fh) / 2 + (int) Math.round(offsetY * height);
        for (int y = 0; y < fh; y++) {
            for (int x = 0; x < fw; x++) {
                int f = fg.getRGB(x, y);
                float a = (f >>> 24) / 255f;
                int cx = left + x;
                int cy = top + y;
                int b = canvas.getRGB(cx, cy);
                int r = Math.round(a * ((f >> 16) & 0xFF) + (1 - a) * ((b >> 16) & 0xFF));
                int gr = Math.round(a * ((f >> 8) & 0xFF) + (1 - a) * ((b >> 8) & 0xFF));
                int bl = Math.round(a * (f & 0xFF) + (1 - a) * (b & 0xFF));
                canvas.setRGB(cx, cy, r << 16 | gr << 8 | bl);
                truth[cy * width + cx] = a;
                if (colours != null) {
                    colours[cy * width + cx] = f & 0xFFFFFF;
                }
            }
        }
        return BenchImageIo.jpeg(canvas, 0.92f);
    }

    /** Pixels within {@code half} of the true outline: their window holds both foreground and background. */
    static boolean[] edgeBand(float[] truth, int width, int height, int half) {
        int[] integral = new int[(width + 1) * (height + 1)];
        for (int y = 0; y < height; y++) {
            int rowSum = 0;
            for (int x = 0; x < width; x++) {
                rowSum += truth[y * width + x] > 0.5f ? 1 : 0;
                integral[(y + 1) * (width + 1) + x + 1] = integral[y * (width + 1) + x + 1] + rowSum;
            }
        }
        boolean[] band = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            int y0 = Math.max(0, y - half);
            int y1 = Math.min(height, y + half + 1);
            for (int x = 0; x < width; x++) {
                int x0 = Math.max(0, x - half);
                int x1 = Math.min(width, x + half + 1);
                int inside = integral[y1 * (width + 1) + x1] - integral[y0 * (width + 1) + x1]
                        - integral[y1 * (width + 1) + x0] + integral[y0 * (width + 1) + x0];
                int area = (y1 - y0) * (x1 - x0);
                band[y * width + x] = inside > 0 && inside < area;
            }
        }
        return band;
    }

    /** MAE, IoU at 0.5 and edge-band MAE of predicted alpha against the truth. */
    static double[] metrics(byte[] alpha, float[] truth, boolean[] band) {
        double abs = 0;
        double bandAbs = 0;
        long bandCount = 0;
        long intersection = 0;
        long union = 0;
        for (int i = 0; i < truth.length; i++) {
            double p = (alpha[i] & 0xFF) / 255.0;
            double e = Math.abs(p - truth[i]);
            abs += e;
            if (band[i]) {
                bandAbs += e;
                bandCount++;
            }
            boolean pf = p > 0.5;
            boolean tf = truth[i] > 0.5f;
            if (pf && tf) {
                intersection++;
            }
            if (pf || tf) {
                union++;
            }
        }
        return new double[] {abs / truth.length, union == 0 ? 1 : (double) intersection / union,
                bandCount == 0 ? 0 : bandAbs / bandCount};
    }

    /** The first set's foregrounds, on which this sweep was measured (docs/quality.md): the four icons. */
    static File[] iconForegrounds(File root) {
        return Arrays.stream(sorted(new File(root, "foregrounds")))
                .filter(file -> !file.getName().startsWith("stamp-")).toArray(File[]::new);
    }

    /** The first set's backgrounds: three textures and the coffee photo. */
    static File[] firstBackgrounds(File root) {
        return Arrays.stream(sorted(new File(root, "backgrounds")))
                .filter(file -> List.of("brick", "coffee", "grass", "gravel").contains(name(file))).toArray(File[]::new);
    }

    /** The cut-out scaled to a square of 70 % of {@code canvasHeight}, bicubic. */
    static BufferedImage scaledCutout(BufferedImage foreground, int canvasHeight) {
        int size = (int) (canvasHeight * 0.7);
        BufferedImage fg = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = fg.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(foreground, 0, 0, size, size, null);
        g.dispose();
        return fg;
    }

    static File[] sorted(File dir) {
        File[] files = dir.listFiles((d, n) -> n.endsWith(".png") || n.endsWith(".jpg"));
        if (files == null || files.length == 0) {
            throw new IllegalStateException("no images in " + dir + ": run src/test/quality/build-quality-set.sh first");
        }
        Arrays.sort(files);
        return files;
    }

    static String name(File file) {
        return file.getName().replaceFirst("\\.(png|jpg)$", "");
    }
}
