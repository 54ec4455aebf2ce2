package dev.poofbg.worker.bench;

import dev.poofbg.worker.image.ImageDecoder;
import dev.poofbg.worker.image.ImagePipeline;
import dev.poofbg.worker.image.MaskUpsampler;
import dev.poofbg.worker.image.PixelBudget;
import dev.poofbg.worker.image.PngEncoder;
import dev.poofbg.worker.model.SaliencyModel;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;

/**
 * Review program (not a test): real photos without a ground truth, cut out by the default pipeline, on one sheet for a
 * person to look at. One row per photo: the original, the cut-out on a checkerboard, on black and on white. Usage:
 * ContactSheet &lt;quality-set-dir&gt; &lt;out.png&gt;; the photos are the set's {@code photos/} directory.
 */
public final class ContactSheet {

    private static final int CELL = 320;
    private static final int CHECKER = 16;

    public static void main(String[] args) throws Exception {
        File root = new File(args.length > 0 ? args[0] : "target/quality-set");
        File out = new File(args.length > 1 ? args[1] : "target/contact-sheet.png");
        File[] photos = EdgeQualityEvaluation.sorted(new File(root, "photos"));
        BufferedImage sheet = new BufferedImage(4 * CELL, photos.length * CELL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        try (SaliencyModel model = BenchModels.u2netp()) {
            ImagePipeline pipeline = new ImagePipeline(new ImageDecoder(40_000_000), model,
                    new MaskUpsampler(true, 1, 1e-4), new PngEncoder(1, PngEncoder.Filter.UP),
                    new PixelBudget(200_000_000));
            for (int row = 0; row < photos.length; row++) {
                byte[] input = Files.readAllBytes(photos[row].toPath());
                BufferedImage original = ImageIO.read(new ByteArrayInputStream(input));
                BufferedImage cutout = ImageIO.read(new ByteArrayInputStream(pipeline.cutOut(input).bytes()));
                double scale = Math.min((CELL - 8) / (double) original.getWidth(), (CELL - 8) / (double) original.getHeight());
                int w = (int) (original.getWidth() * scale);
                int h = (int) (original.getHeight() * scale);
                int x = (CELL - w) / 2;
                int y = row * CELL + (CELL - h) / 2;
                g.drawImage(original, x, y, w, h, null);
                for (int column = 1; column < 4; column++) {
                    int left = column * CELL + x;
                    if (column == 1) {
                        for (int cy = 0; cy < h; cy += CHECKER) {
                            for (int cx = 0; cx < w; cx += CHECKER) {
                                g.setColor((cx / CHECKER + cy / CHECKER) % 2 == 0 ? Color.LIGHT_GRAY : Color.WHITE);
                                g.fillRect(left + cx, y + cy, Math.min(CHECKER, w - cx), Math.min(CHECKER, h - cy));
                            }
                        }
                    } else {
                        g.setColor(column == 2 ? Color.BLACK : Color.WHITE);
                        g.fillRect(left, y, w, h);
                    }
                    g.drawImage(cutout, left, y, w, h, null);
                }
                System.out.printf("%s: %dx%d%n", photos[row].getName(), original.getWidth(), original.getHeight());
            }
        }
        g.dispose();
        ImageIO.write(sheet, "png", out);
        System.out.println("contact sheet: " + out.getAbsolutePath());
    }
}
