package dev.poofbg.worker.image;

import dev.poofbg.common.output.OutputOptions;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The output options applied to a known image and mask. */
class OutputRendererTest {

    private static final int WIDTH = 100;
    private static final int HEIGHT = 80;
    /** The subject: an opaque rectangle at x 20..59, y 10..49. */
    private static final Box SUBJECT = new Box(20, 10, 40, 40);

    private final OutputRenderer renderer = new OutputRenderer(new PngEncoder(1, PngEncoder.Filter.UP, 1),
            new ImageEncoders(0.9f, new WebpEncoder(4)));

    private static OutputOptions options(String... pairs) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return OutputOptions.parse(fields::get);
    }

    /** A green image (blue inside the subject) and a mask that is opaque exactly on the subject. */
    private static DecodedImage image() {
        int[] argb = new int[WIDTH * HEIGHT];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                argb[y * WIDTH + x] = inSubject(x, y) ? 0xFF0000FF : 0xFF00FF00;
            }
        }
        return DecodedImage.of(argb, WIDTH, HEIGHT, false);
    }

    private static byte[] mask() {
        byte[] mask = new byte[WIDTH * HEIGHT];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                mask[y * WIDTH + x] = (byte) (inSubject(x, y) ? 255 : 0);
            }
        }
        return mask;
    }

    private static boolean inSubject(int x, int y) {
        return x >= SUBJECT.left() && x < SUBJECT.left() + SUBJECT.width() && y >= SUBJECT.top()
                && y < SUBJECT.top() + SUBJECT.height();
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void theSubjectsBoxIsFoundAndCroppingCutsToIt() throws IOException {
        assertThat(OutputRenderer.subjectBox(mask(), WIDTH, HEIGHT)).isEqualTo(SUBJECT);
        CutoutResult result = renderer.render(image(), mask(), options("crop", "true"));
        assertThat(result.width()).isEqualTo(40);
        assertThat(result.height()).isEqualTo(40);
        assertThat(result.foreground()).isEqualTo(new Box(0, 0, 40, 40));
        BufferedImage png = decode(result.bytes());
        assertThat(png.getRGB(0, 0)).isEqualTo(0xFF0000FF);
    }

    @Test
    void marginsGrowTheCropWithinTheImage() {
        CutoutResult pixels = renderer.render(image(), mask(), options("crop", "true", "crop_margin", "15"));
        // 15 px on every side, but only 10 above the subject and 30 below fit: 70 x 65.
        assertThat(pixels.width()).isEqualTo(70);
        assertThat(pixels.height()).isEqualTo(65);
        assertThat(pixels.foreground()).isEqualTo(new Box(15, 10, 40, 40));
        CutoutResult percent = renderer.render(image(), mask(), options("crop", "true", "crop_margin", "50%"));
        assertThat(percent.width()).isEqualTo(80); // 20 px each side of a 40 px box
        assertThat(percent.height()).isEqualTo(70); // 20 below, 10 above (the image's edge)
    }

    @Test
    void croppingAnEmptyMaskKeepsTheWholeImage() {
        CutoutResult result = renderer.render(image(), new byte[WIDTH * HEIGHT], options("crop", "true"));
        assertThat(result.width()).isEqualTo(WIDTH);
        assertThat(result.height()).isEqualTo(HEIGHT);
        assertThat(result.foreground()).isEqualTo(new Box(0, 0, WIDTH, HEIGHT));
    }

    @Test
    void aBackgroundColourFillsWhatWasRemoved() throws IOException {
        BufferedImage png = decode(renderer.render(image(), mask(), options("bg_color", "#ff0000")).bytes());
        assertThat(png.getRGB(5, 5)).isEqualTo(0xFFFF0000);
        assertThat(png.getRGB(30, 30)).isEqualTo(0xFF0000FF);
        BufferedImage halfRed = decode(renderer.render(image(), mask(), options("bg_color", "#ff000080")).bytes());
        assertThat(halfRed.getRGB(5, 5) >>> 24).isEqualTo(0x80);
    }

    @Test
    void jpegIsOpaqueOnWhiteByDefault() throws IOException {
        CutoutResult result = renderer.render(image(), mask(), options("format", "jpg"));
        assertThat(result.format()).isEqualTo(OutputOptions.Format.JPG);
        BufferedImage jpeg = decode(result.bytes());
        assertThat(jpeg.getColorModel().hasAlpha()).isFalse();
        int corner = jpeg.getRGB(2, 2);
        assertThat(corner >> 16 & 0xFF).isGreaterThan(245); // white, within JPEG's rounding
        assertThat(corner & 0xFF).isGreaterThan(245);
    }

    @Test
    void losslessWebpDecodesToExactlyThePixelsEncoded() throws IOException {
        int[] argb = new int[64 * 48];
        for (int i = 0; i < argb.length; i++) {
            int alpha = (i * 7) % 256;
            argb[i] = alpha == 0 ? 0 : alpha << 24 | (i * 13 % 256) << 16 | (i * 29 % 256) << 8 | (i % 256);
        }
        byte[] webp = new ImageEncoders(0.9f, new WebpEncoder(4)).webp(argb, 64, 48);
        assertThat(new String(webp, 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        BufferedImage decoded = decode(webp);
        for (int i = 0; i < argb.length; i++) {
            assertThat(decoded.getRGB(i % 64, i / 64)).as("pixel %d", i).isEqualTo(argb[i]);
        }
    }

    @Test
    void theMaskAloneIsAGreyImage() throws IOException {
        CutoutResult result = renderer.render(image(), mask(), options("channels", "alpha"));
        BufferedImage grey = decode(result.bytes());
        assertThat(grey.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(grey.getRaster().getSample(30, 30, 0)).isEqualTo(255);
        assertThat(grey.getRaster().getSample(5, 5, 0)).isZero();
    }

    @Test
    void scalingDownAveragesAreasKeepsTheAspectRatioAndNeverScalesUp() {
        int side = 1000;
        int[] argb = new int[side * side];
        for (int i = 0; i < argb.length; i++) {
            int x = i % side;
            int y = i / side;
            argb[i] = (x + y) % 2 == 0 ? 0xFFFFFFFF : 0xFF000000; // a one-pixel checkerboard
        }
        byte[] opaque = new byte[argb.length];
        java.util.Arrays.fill(opaque, (byte) 255);
        CutoutResult preview = new OutputRenderer(new PngEncoder(1, PngEncoder.Filter.UP, 1),
                new ImageEncoders(0.9f, new WebpEncoder(4))).render(DecodedImage.of(argb, side, side, false), opaque,
                options("size", "preview", "format", "webp"));
        assertThat(preview.width()).isEqualTo(500);
        assertThat(preview.height()).isEqualTo(500);
        BufferedImage decoded;
        try {
            decoded = decode(preview.bytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        int grey = decoded.getRGB(250, 250) & 0xFF;
        assertThat(grey).as("area averaging turns the checkerboard grey; nearest neighbour would not").isBetween(120, 135);

        CutoutResult tiny = renderer.render(DecodedImage.of(new int[] {0xFF123456}, 1, 1, false), new byte[] {(byte) 255},
                options("size", "hd"));
        assertThat(tiny.width()).isEqualTo(1);
        assertThat(tiny.height()).isEqualTo(1);
    }

    @Test
    void fourMarginsGrowEachSideByItsOwnAmount() {
        CutoutResult result = renderer.render(image(), mask(), options("crop", "true", "crop_margin", "5 10 0 50%"));
        // top 5, right 10, bottom 0, left 50% of the subject's 40 = 20 (the image's edge at x 0)
        assertThat(result.width()).isEqualTo(20 + 40 + 10);
        assertThat(result.height()).isEqualTo(5 + 40);
        assertThat(result.foreground()).isEqualTo(new Box(20, 5, 40, 40));
    }

    @Test
    void aScaledSubjectIsCentredAndFillsItsShareOfTheCanvas() throws IOException {
        OutputOptions options = options().placed(null, OutputOptions.scale("50%"), null, null);
        CutoutResult result = renderer.render(image(), mask(), options);
        // 40x40 subject on 100x80: its tighter side (height) fills half the canvas: 40 * (0.5 / 0.5) = 40.
        assertThat(result.foreground()).isEqualTo(new Box(30, 20, 40, 40));
        BufferedImage png = decode(result.bytes());
        assertThat(png.getRGB(50, 40)).isEqualTo(0xFF0000FF);
        assertThat(png.getRGB(25, 15) >>> 24).isZero();

        CutoutResult enlarged = renderer.render(image(), mask(), options().placed(null, OutputOptions.scale("100%"),
                OutputOptions.position("0% 0%"), null));
        assertThat(enlarged.foreground()).isEqualTo(new Box(0, 0, 80, 80));
        BufferedImage big = decode(enlarged.bytes());
        assertThat(big.getRGB(40, 40)).isEqualTo(0xFF0000FF);
        assertThat(big.getRGB(90, 40) >>> 24).isZero();
    }

    @Test
    void aPositionAloneMovesTheSubjectWithoutResizingIt() {
        CutoutResult result = renderer.render(image(), mask(),
                options().placed(null, null, OutputOptions.position("100% 0%"), null));
        assertThat(result.foreground()).isEqualTo(new Box(60, 0, 40, 40));
    }

    @Test
    void aBackgroundImageCoversTheOutputKeepingItsAspect() throws IOException {
        // 50x10 backdrop: red on its left half, white on its right; scaled by 8 to cover 100x80, centred: 400x80,
        // of which the middle 100 columns show (the red/white border at x 50 of the output).
        int[] backdrop = new int[50 * 10];
        for (int i = 0; i < backdrop.length; i++) {
            backdrop[i] = i % 50 < 25 ? 0xFFFF0000 : 0xFFFFFFFF;
        }
        CutoutResult result = renderer.render(image(), mask(), options("format", "jpg").placed(null, null, null,
                "https://example.com/bg.png"), DecodedImage.of(backdrop, 50, 10, false));
        BufferedImage jpeg = decode(result.bytes());
        assertThat(channels(jpeg.getRGB(5, 70))).satisfies(rgb -> {
            assertThat(rgb[0]).isGreaterThan(230);
            assertThat(rgb[1]).isLessThan(30);
        });
        assertThat(java.util.Arrays.stream(channels(jpeg.getRGB(95, 70))).min().orElseThrow()).isGreaterThan(230);
        assertThat(channels(jpeg.getRGB(40, 30))[2]).isGreaterThan(230); // the subject stays on top
    }

    @Test
    void zipHoldsTheColoursAsJpegAndTheAlphaAsPng() throws IOException {
        CutoutResult result = renderer.render(image(), mask(), OutputOptions.parse(Map.of("format", "zip")::get,
                OutputOptions.Format.values()));
        assertThat(result.format()).isEqualTo(OutputOptions.Format.ZIP);
        Map<String, byte[]> entries = new HashMap<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
                new ByteArrayInputStream(result.bytes()))) {
            for (java.util.zip.ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertThat(entries).containsOnlyKeys("color.jpg", "alpha.png");
        BufferedImage colour = decode(entries.get("color.jpg"));
        BufferedImage alpha = decode(entries.get("alpha.png"));
        assertThat(colour.getWidth()).isEqualTo(WIDTH);
        assertThat(alpha.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(alpha.getRaster().getSample(40, 30, 0)).isEqualTo(255);
        assertThat(alpha.getRaster().getSample(5, 5, 0)).isZero();
        assertThat(channels(colour.getRGB(40, 30))[2]).isGreaterThan(230);
    }

    @Test
    void theThumbnailOfALargeCutOutIsAtMost256PxAndKeepsItsTransparency() throws IOException {
        // 1000x500: opaque blue subject at x 400..599, y 100..399, the rest removed.
        int width = 1000;
        int height = 500;
        int[] argb = new int[width * height];
        byte[] mask = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean subject = x >= 400 && x < 600 && y >= 100 && y < 400;
                argb[y * width + x] = subject ? 0xFF0000FF : 0xFF00FF00;
                mask[y * width + x] = (byte) (subject ? 255 : 0);
            }
        }
        CutoutResult result = renderer.render(DecodedImage.of(argb, width, height, false), mask, options("format", "png"));
        assertThat(result.width()).isEqualTo(1000);
        BufferedImage thumbnail = decode(result.thumbnail());
        assertThat(thumbnail.getWidth()).isEqualTo(256);
        assertThat(thumbnail.getHeight()).isEqualTo(128);
        assertThat(thumbnail.getColorModel().hasAlpha()).isTrue();
        assertThat(thumbnail.getRGB(5, 5) >>> 24).as("removed background stays transparent").isZero();
        assertThat(thumbnail.getRGB(250, 120) >>> 24).isZero();
        assertThat(thumbnail.getRGB(128, 64)).as("the subject, opaque").isEqualTo(0xFF0000FF);
        // the subject's left edge at x 400 falls at 102.4 of 256: that column is partly transparent
        assertThat(thumbnail.getRGB(102, 64) >>> 24).isBetween(100, 200);
        assertThat(thumbnail.getRGB(102, 64) & 0xFFFFFF).as("no green bleeds in from under the transparency")
                .isEqualTo(0x0000FF);
    }

    @Test
    void aSmallResultsThumbnailKeepsItsSizeAndShowsWhatWasRendered() throws IOException {
        CutoutResult cutout = renderer.render(image(), mask(), options("format", "png"));
        BufferedImage same = decode(cutout.thumbnail());
        assertThat(same.getWidth()).isEqualTo(WIDTH);
        assertThat(same.getHeight()).isEqualTo(HEIGHT);
        assertThat(same.getRGB(5, 5) >>> 24).isZero();
        assertThat(same.getRGB(30, 30)).isEqualTo(0xFF0000FF);

        BufferedImage onRed = decode(renderer.render(image(), mask(), options("bg_color", "#ff0000")).thumbnail());
        assertThat(onRed.getRGB(5, 5)).as("the background colour as rendered").isEqualTo(0xFFFF0000);

        CutoutResult cropped = renderer.render(image(), mask(), options("crop", "true", "format", "jpg"));
        BufferedImage croppedThumbnail = decode(cropped.thumbnail());
        assertThat(croppedThumbnail.getWidth()).isEqualTo(40);
        assertThat(croppedThumbnail.getHeight()).isEqualTo(40);

        CutoutResult zip = renderer.render(image(), mask(), OutputOptions.parse(Map.of("format", "zip")::get,
                OutputOptions.Format.values()));
        BufferedImage rgba = decode(zip.thumbnail());
        assertThat(rgba.getRGB(5, 5) >>> 24).as("a ZIP's thumbnail is the RGBA cut-out").isZero();
        assertThat(rgba.getRGB(30, 30)).isEqualTo(0xFF0000FF);
    }

    private static int[] channels(int rgb) {
        return new int[]{rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
    }
}
