package dev.poofbg.worker.bench;

import dev.poofbg.worker.image.DecodedImage;
import dev.poofbg.worker.image.ImageDecoder;
import dev.poofbg.worker.image.MaskUpsampler;
import dev.poofbg.worker.model.SaliencyModel;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Arrays;
import java.util.Locale;

/**
 * Evaluation program (not a test): inputs that already have transparency. Each cut-out of the quality set is
 * placed on a transparent 1280x960 PNG whose fully transparent pixels carry a colour nobody sees: black, white,
 * or a texture (some encoders keep the original background there). The cut-out of that PNG, alpha = mask x the
 * input's own alpha, is compared with the input's alpha: as the worker decodes it (colour under fully transparent
 * pixels cleared) and with the stored colours handed to the model as they are. Usage: AlphaInputEvaluation
 * &lt;quality-set-dir&gt;; results in docs/quality.md.
 */
public final class AlphaInputEvaluation {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 960;

    public static void main(String[] args) throws Exception {
        File root = new File(args.length > 0 ? args[0] : "target/quality-set");
        File[] foregrounds = EdgeQualityEvaluation.iconForegrounds(root);
        File[] backgrounds = EdgeQualityEvaluation.firstBackgrounds(root);
        String[] hidden = {"black", "white", EdgeQualityEvaluation.name(backgrounds[0]),
                EdgeQualityEvaluation.name(backgrounds[2])};
        MaskUpsampler upsampler = new MaskUpsampler(true, 1, 1e-4);
        ImageDecoder decoder = new ImageDecoder(40_000_000);
        double[][][] sums = new double[hidden.length][2][2];
        System.out.println("| cut-out | hidden colour | as stored: MAE / IoU | cleared (worker): MAE / IoU |");
        System.out.println("|---|---|---|---|");
        try (SaliencyModel model = BenchModels.u2netp()) {
            for (File fgFile : foregrounds) {
                BufferedImage cutout = EdgeQualityEvaluation.scaledCutout(ImageIO.read(fgFile), HEIGHT);
                for (int h = 0; h < hidden.length; h++) {
                    int[] under = hiddenColours(hidden[h], backgrounds);
                    float[] truth = new float[WIDTH * HEIGHT];
                    int[] stored = place(cutout, under, truth);
                    BufferedImage png = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_ARGB);
                    png.setRGB(0, 0, WIDTH, HEIGHT, stored, 0, WIDTH);
                    DecodedImage asWorker = decoder.decode(BenchImageIo.write(png, "png", -1));
                    DecodedImage asStored = DecodedImage.of(stored, WIDTH, HEIGHT, true);
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %s |",
                            EdgeQualityEvaluation.name(fgFile), hidden[h]));
                    DecodedImage[] inputs = {asStored, asWorker};
                    for (int v = 0; v < inputs.length; v++) {
                        DecodedImage input = inputs[v];
                        byte[] mask = upsampler.alpha(model.predict(input.rgbImage()), input);
                        double[] m = EdgeQualityEvaluation.metrics(withOwnAlpha(mask, input.argb()), truth,
                                EdgeQualityEvaluation.edgeBand(truth, WIDTH, HEIGHT, 6));
                        sums[h][v][0] += m[0] / foregrounds.length;
                        sums[h][v][1] += m[1] / foregrounds.length;
                        line.append(String.format(Locale.ROOT, " %.4f / %.3f |", m[0], m[1]));
                    }
                    System.out.println(line);
                }
            }
        }
        System.out.println();
        System.out.println("| hidden colour | as stored: mean MAE / IoU | cleared (worker): mean MAE / IoU |");
        System.out.println("|---|---|---|");
        for (int h = 0; h < hidden.length; h++) {
            System.out.printf(Locale.ROOT, "| %s | %.4f / %.3f | %.4f / %.3f |%n", hidden[h],
                    sums[h][0][0], sums[h][0][1], sums[h][1][0], sums[h][1][1]);
        }
    }

    private static int[] hiddenColours(String name, File[] backgrounds) throws Exception {
        int[] under = new int[WIDTH * HEIGHT];
        switch (name) {
            case "black" -> { }
            case "white" -> Arrays.fill(under, 0xFFFFFF);
            default -> {
                BufferedImage canvas = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = canvas.createGraphics();
                g.drawImage(ImageIO.read(Arrays.stream(backgrounds)
                        .filter(f -> EdgeQualityEvaluation.name(f).equals(name)).findFirst().orElseThrow()),
                        0, 0, WIDTH, HEIGHT, null);
                g.dispose();
                canvas.getRGB(0, 0, WIDTH, HEIGHT, under, 0, WIDTH);
            }
        }
        return under;
    }

    /** ARGB of the transparent canvas with the cut-out placed; its alpha goes to {@code truth}. */
    private static int[] place(BufferedImage cutout, int[] under, float[] truth) {
        int[] argb = new int[WIDTH * HEIGHT];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = under[i] & 0xFFFFFF;
        }
        int size = cutout.getWidth();
        int left = (WIDTH - size) / 2;
        int top = (HEIGHT - size) / 2;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int px = cutout.getRGB(x, y);
                int i = (top + y) * WIDTH + left + x;
                truth[i] = (px >>> 24) / 255f;
                if (px >>> 24 != 0) {
                    argb[i] = px;
                }
            }
        }
        return argb;
    }

    /** The cut-out's alpha as the compositor makes it: mask x the input's own alpha. */
    private static byte[] withOwnAlpha(byte[] mask, int[] argb) {
        byte[] out = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            out[i] = (byte) (((mask[i] & 0xFF) * (argb[i] >>> 24) + 127) / 255);
        }
        return out;
    }
}
