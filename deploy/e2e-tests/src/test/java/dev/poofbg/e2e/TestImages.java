package dev.poofbg.e2e;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images with a known subject: a shaded, saturated ball in the centre of a muted, slightly noisy
 * backdrop. The subject's ellipse is known, so the returned alpha can be checked inside and outside it.
 */
public final class TestImages {
    private TestImages() {
    }

    public static BufferedImage subjectOnBackdrop(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(196, 204, 212), width, height, new Color(150, 160, 172)));
        g.fillRect(0, 0, width, height);
        Random random = new Random(42);
        for (int i = 0; i < width * height / 400; i++) { // faint texture so the backdrop is not flat
            g.setColor(new Color(160 + random.nextInt(40), 165 + random.nextInt(40), 175 + random.nextInt(40)));
            g.fillRect(random.nextInt(width), random.nextInt(height), 2, 2);
        }
        Ellipse2D subject = subject(width, height);
        float radius = (float) (subject.getWidth() / 2);
        g.setPaint(new RadialGradientPaint((float) (subject.getCenterX() - radius / 3),
                (float) (subject.getCenterY() - radius / 3), radius * 1.4f, new float[] {0f, 1f},
                new Color[] {new Color(255, 120, 40), new Color(170, 20, 10)}));
        g.fill(subject);
        g.dispose();
        return image;
    }

    public static Ellipse2D subject(int width, int height) {
        double w = width * 0.5;
        double h = height * 0.6;
        return new Ellipse2D.Double((width - w) / 2, (height - h) / 2, w, h);
    }

    public static byte[] jpeg(BufferedImage image) {
        return encode(image, "jpg");
    }

    public static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    /** WebP through Debian's cwebp (installed by the local scripts); Java has no WebP writer. */
    public static byte[] webp(BufferedImage image) {
        return convert(png(image), "in.png", "out.webp", "cwebp", "-quiet", "-q", "90");
    }

    /** A WebP decoded through Debian's dwebp (package webp), to PNG, exactly (lossless stays lossless). */
    public static BufferedImage decodeWebp(byte[] webp) {
        return decode(convert(webp, "in.webp", "out.png", "dwebp", "-quiet"));
    }

    /** Runs {@code tool} (with {@code args}, then the input file, -o and the output file) in a temporary folder. */
    private static byte[] convert(byte[] input, String inName, String outName, String... tool) {
        try {
            Path dir = Files.createTempDirectory("poof-webp");
            Path in = dir.resolve(inName);
            Path out = dir.resolve(outName);
            Files.write(in, input);
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(tool));
            command.addAll(java.util.List.of(in.toString(), "-o", out.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(tool[0] + " (Debian package webp) must be installed").isZero();
            byte[] bytes = Files.readAllBytes(out);
            Files.delete(in);
            Files.delete(out);
            Files.delete(dir);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(image).as("decodable image").isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that {@code png} is an RGBA PNG of the given size whose alpha keeps the subject and drops
     * the backdrop: high inside the inner part of the subject, low in the corners.
     */
    public static void assertCutOut(byte[] png, int width, int height) {
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage result = decode(png);
        assertThat(result.getWidth()).isEqualTo(width);
        assertThat(result.getHeight()).isEqualTo(height);
        assertThat(result.getColorModel().hasAlpha()).as("result has an alpha channel").isTrue();
        Ellipse2D subject = subject(width, height);
        double insideAlpha = meanAlpha(result, subject.getCenterX() - subject.getWidth() / 4,
                subject.getCenterY() - subject.getHeight() / 4, subject.getWidth() / 2, subject.getHeight() / 2);
        double cornerW = width * 0.15;
        double cornerH = height * 0.15;
        double outsideAlpha = (meanAlpha(result, 0, 0, cornerW, cornerH)
                + meanAlpha(result, width - cornerW, 0, cornerW, cornerH)
                + meanAlpha(result, 0, height - cornerH, cornerW, cornerH)
                + meanAlpha(result, width - cornerW, height - cornerH, cornerW, cornerH)) / 4;
        assertThat(insideAlpha).as("mean alpha inside the subject").isGreaterThan(200);
        assertThat(outsideAlpha).as("mean alpha of the backdrop corners").isLessThan(40);
    }

    private static double meanAlpha(BufferedImage image, double x0, double y0, double w, double h) {
        long sum = 0;
        long count = 0;
        for (int y = (int) y0; y < (int) (y0 + h); y++) {
            for (int x = (int) x0; x < (int) (x0 + w); x++) {
                sum += image.getRGB(x, y) >>> 24;
                count++;
            }
        }
        return (double) sum / count;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ImageIO.write(image, format, out)).isTrue();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
