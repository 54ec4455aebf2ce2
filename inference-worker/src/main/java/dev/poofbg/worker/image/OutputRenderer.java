package dev.poofbg.worker.image;

import dev.poofbg.common.output.OutputOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The result a job's options ask for, from the image and its alpha: the subject resized and moved on its canvas,
 * cropped to the subject (with margins), composited onto a background colour or image, scaled down by area averaging
 * (colour and alpha together, on premultiplied values), the mask alone or the cut-out, in PNG, WebP, JPEG or remove.bg's
 * ZIP. The default options take {@link ImagePipeline}'s direct path. Every result comes with its thumbnail: the output's
 * pixels as rendered (for a ZIP, the RGBA cut-out it holds), scaled down the same way to at most
 * {@link #THUMBNAIL_SIDE} pixels on the longer side, as an RGBA PNG.
 */
public final class OutputRenderer {

    /** Alpha at or above this counts as subject when finding its box (1/32 of opaque: edges' faint haze is not). */
    static final int SUBJECT_ALPHA = 8;
    /** The longer side of a thumbnail at most, in pixels; a smaller result keeps its size (never enlarged). */
    public static final int THUMBNAIL_SIDE = 256;
    /** Thumbnails are small: the fastest deflate level, on the calling thread, whatever the results' settings. */
    private static final PngEncoder THUMBNAIL_PNG = new PngEncoder(1, PngEncoder.Filter.UP, 1);

    private final PngEncoder png;
    private final ImageEncoders encoders;

    public OutputRenderer(PngEncoder png, ImageEncoders encoders) {
        this.png = png;
        this.encoders = encoders;
    }

    public CutoutResult render(DecodedImage image, byte[] mask, OutputOptions requested) {
        return render(image, mask, requested, null);
    }

    /** {@code backdrop}: the decoded {@code bg_image_url}, null when the options name none. */
    public CutoutResult render(DecodedImage input, byte[] mask, OutputOptions requested, DecodedImage backdrop) {
        OutputOptions options = requested.applied();
        DecodedImage image = input;
        byte[] alpha = combinedAlpha(input, mask);
        if (options.placesSubject()) {
            Placed placed = place(input, alpha, options);
            image = placed.image();
            alpha = placed.alpha();
        }
        int width = image.width();
        int height = image.height();
        Box subject = subjectBox(alpha, width, height);
        Box region = options.crop() ? cropRegion(subject, options.margins(), width, height) : new Box(0, 0, width, height);
        double scale = scale(region, options.size());
        int outWidth = Math.max(1, (int) Math.round(region.width() * scale));
        int outHeight = Math.max(1, (int) Math.round(region.height() * scale));
        Box foreground = subject.isEmpty()
                ? new Box(0, 0, outWidth, outHeight)
                : outputBox(subject, region, outWidth / (double) region.width(), outHeight / (double) region.height(),
                outWidth, outHeight);
        Resampler.SourceRows source = sourceRows(image, alpha, region);

        if (options.channels() == OutputOptions.Channels.ALPHA && options.format() != OutputOptions.Format.ZIP) {
            byte[] grey = greyAlpha(source, region, outWidth, outHeight);
            return new CutoutResult(encodeGrey(grey, outWidth, outHeight, options.format()), options.format(), outWidth,
                    outHeight, foreground, thumbnail(greyRows(grey, outWidth), outWidth, outHeight));
        }
        int[] argb = new int[outWidth * outHeight];
        int[] background = backdrop != null ? cover(backdrop, outWidth, outHeight) : null;
        Integer colour = options.background().orElse(null);
        boolean opaque = options.format() == OutputOptions.Format.JPG;
        Resampler.areaAverage(source, region.width(), region.height(), outWidth, outHeight, (y, rgba) ->
                straightArgb(rgba, background, y * outWidth, colour, opaque, argb, y * outWidth));
        byte[] bytes = switch (options.format()) {
            case PNG -> encodeRgba(png, argb, outWidth, outHeight);
            case WEBP -> encoders.webp(argb, outWidth, outHeight);
            case JPG -> encoders.jpeg(argb, outWidth, outHeight);
            case ZIP -> zip(encoders.jpeg(argb, outWidth, outHeight),
                    png.encodeGray(outWidth, outHeight, (y, row) -> {
                        for (int x = 0; x < outWidth; x++) {
                            row[x] = (byte) (argb[y * outWidth + x] >>> 24);
                        }
                    }));
        };
        return new CutoutResult(bytes, options.format(), outWidth, outHeight, foreground,
                thumbnail(argb, outWidth, outHeight));
    }

    /**
     * The thumbnail of the default cut-out (the image with its combined {@code alpha}, at full size), scaled down from
     * those pixels directly: the full-size RGBA pixels are never held.
     */
    static byte[] thumbnail(DecodedImage image, byte[] alpha) {
        return thumbnail(sourceRows(image, alpha, new Box(0, 0, image.width(), image.height())), image.width(),
                image.height());
    }

    /** The thumbnail of a rendered output's straight ARGB pixels. */
    static byte[] thumbnail(int[] argb, int width, int height) {
        if (Math.max(width, height) <= THUMBNAIL_SIDE) {
            return encodeRgba(THUMBNAIL_PNG, argb, width, height);
        }
        return thumbnail(argbRows(argb, width, new Box(0, 0, width, height), true), width, height);
    }

    /** The thumbnail's size for a result of {@code width} x {@code height}: {width, height}. */
    static int[] thumbnailSize(int width, int height) {
        double factor = Math.min(1, THUMBNAIL_SIDE / (double) Math.max(width, height));
        return new int[] {Math.max(1, (int) Math.round(width * factor)), Math.max(1, (int) Math.round(height * factor))};
    }

    private static byte[] thumbnail(Resampler.SourceRows source, int width, int height) {
        int[] size = thumbnailSize(width, height);
        int thumbWidth = size[0];
        int thumbHeight = size[1];
        int[] argb = new int[thumbWidth * thumbHeight];
        Resampler.areaAverage(source, width, height, thumbWidth, thumbHeight, (y, rgba) ->
                straightArgb(rgba, null, 0, null, false, argb, y * thumbWidth));
        return encodeRgba(THUMBNAIL_PNG, argb, thumbWidth, thumbHeight);
    }

    /** A grey image's rows (the mask output) as opaque premultiplied RGBA floats. */
    private static Resampler.SourceRows greyRows(byte[] grey, int width) {
        return (y, rgba) -> {
            for (int x = 0, o = 0, i = y * width; x < width; x++, o += 4, i++) {
                float g = (grey[i] & 0xFF) / 255f;
                rgba[o] = g;
                rgba[o + 1] = g;
                rgba[o + 2] = g;
                rgba[o + 3] = 1f;
            }
        };
    }

    private static byte[] encodeRgba(PngEncoder png, int[] argb, int width, int height) {
        return png.encodeRgba(width, height, (y, row) -> {
            for (int x = 0, o = 0; x < width; x++, o += 4) {
                int px = argb[y * width + x];
                row[o] = (byte) (px >> 16);
                row[o + 1] = (byte) (px >> 8);
                row[o + 2] = (byte) px;
                row[o + 3] = (byte) (px >>> 24);
            }
        });
    }

    private static byte[] greyAlpha(Resampler.SourceRows source, Box region, int outWidth, int outHeight) {
        byte[] grey = new byte[outWidth * outHeight];
        Resampler.areaAverage(source, region.width(), region.height(), outWidth, outHeight, (y, rgba) -> {
            for (int x = 0; x < outWidth; x++) {
                grey[y * outWidth + x] = (byte) clamp(Math.round(rgba[x * 4 + 3] * 255f));
            }
        });
        return grey;
    }

    /** remove.bg's ZIP: the colours as {@code color.jpg}, the alpha as {@code alpha.png}. */
    static byte[] zip(byte[] colourJpeg, byte[] alphaPng) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(colourJpeg.length + alphaPng.length + 512);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            // Both are compressed already: stored, a deflate pass would only cost time.
            zip.setLevel(Deflater.NO_COMPRESSION);
            zip.putNextEntry(new ZipEntry("color.jpg"));
            zip.write(colourJpeg);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("alpha.png"));
            zip.write(alphaPng);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory zip failed", e);
        }
        return bytes.toByteArray();
    }

    /** The image and alpha with the subject resized and moved on a canvas of the same size. */
    record Placed(DecodedImage image, byte[] alpha) {
    }

    /**
     * The subject scaled so that its box fills {@code scale} of the canvas along its tighter side, then placed at
     * {@code position} (fractions of the room left around it): remove.bg's {@code scale} and {@code position}.
     */
    static Placed place(DecodedImage image, byte[] alpha, OutputOptions options) {
        int width = image.width();
        int height = image.height();
        Box subject = subjectBox(alpha, width, height);
        if (subject.isEmpty()) {
            return new Placed(image, alpha);
        }
        double factor = options.scaleFraction().isPresent()
                ? options.scaleFraction().getAsDouble() / Math.max(subject.width() / (double) width,
                subject.height() / (double) height)
                : 1;
        int placedWidth = Math.max(1, Math.min(width, (int) Math.round(subject.width() * factor)));
        int placedHeight = Math.max(1, Math.min(height, (int) Math.round(subject.height() * factor)));
        double[] at = options.positionFractions().orElseThrow();
        int left = (int) Math.round((width - placedWidth) * at[0]);
        int top = (int) Math.round((height - placedHeight) * at[1]);
        int[] canvas = new int[width * height];
        byte[] canvasAlpha = new byte[width * height];
        Resampler.resize(sourceRows(image, alpha, subject), subject.width(), subject.height(), placedWidth,
                placedHeight, (y, rgba) -> {
                    int base = (top + y) * width + left;
                    for (int x = 0, o = 0; x < placedWidth; x++, o += 4) {
                        float a = rgba[o + 3];
                        int alphaByte = clamp(Math.round(a * 255f));
                        canvasAlpha[base + x] = (byte) alphaByte;
                        canvas[base + x] = alphaByte == 0 ? 0xFF000000 : 0xFF000000
                                | clamp(Math.round(rgba[o] / a * 255f)) << 16
                                | clamp(Math.round(rgba[o + 1] / a * 255f)) << 8
                                | clamp(Math.round(rgba[o + 2] / a * 255f));
                    }
                });
        return new Placed(DecodedImage.of(canvas, width, height, false), canvasAlpha);
    }

    /**
     * The backdrop scaled to cover the output and centred, as straight ARGB of the output's size: remove.bg resizes a
     * background image to fill the canvas, keeping its aspect ratio.
     */
    static int[] cover(DecodedImage backdrop, int width, int height) {
        double factor = Math.max(width / (double) backdrop.width(), height / (double) backdrop.height());
        int spanWidth = Math.max(1, Math.min(backdrop.width(), (int) Math.round(width / factor)));
        int spanHeight = Math.max(1, Math.min(backdrop.height(), (int) Math.round(height / factor)));
        Box span = new Box((backdrop.width() - spanWidth) / 2, (backdrop.height() - spanHeight) / 2, spanWidth,
                spanHeight);
        int[] out = new int[width * height];
        Resampler.resize(argbRows(backdrop.argb(), backdrop.width(), span, backdrop.hasAlpha()), span.width(),
                span.height(), width, height, (y, rgba) -> straightArgb(rgba, null, 0, null, false, out, y * width));
        return out;
    }

    /**
     * The {@code span} of straight ARGB pixels (rows {@code width} long) as premultiplied RGBA floats; without
     * {@code hasAlpha}, opaque whatever the top byte holds.
     */
    private static Resampler.SourceRows argbRows(int[] pixels, int width, Box span, boolean hasAlpha) {
        return (y, rgba) -> {
            int base = (span.top() + y) * width + span.left();
            for (int x = 0, o = 0; x < span.width(); x++, o += 4) {
                int px = pixels[base + x];
                float a = hasAlpha ? (px >>> 24) / 255f : 1f;
                rgba[o] = (px >> 16 & 0xFF) / 255f * a;
                rgba[o + 1] = (px >> 8 & 0xFF) / 255f * a;
                rgba[o + 2] = (px & 0xFF) / 255f * a;
                rgba[o + 3] = a;
            }
        };
    }

    /** The region's rows as premultiplied RGBA floats. */
    private static Resampler.SourceRows sourceRows(DecodedImage image, byte[] alpha, Box region) {
        int width = image.width();
        int[] pixels = image.argb();
        return (y, rgba) -> {
            int base = (region.top() + y) * width + region.left();
            for (int x = 0, o = 0; x < region.width(); x++, o += 4) {
                int px = pixels[base + x];
                float a = (alpha[base + x] & 0xFF) / 255f;
                rgba[o] = (px >> 16 & 0xFF) / 255f * a;
                rgba[o + 1] = (px >> 8 & 0xFF) / 255f * a;
                rgba[o + 2] = (px & 0xFF) / 255f * a;
                rgba[o + 3] = a;
            }
        };
    }

    private byte[] encodeGrey(byte[] grey, int width, int height, OutputOptions.Format format) {
        return switch (format) {
            case PNG -> png.encodeGray(width, height, (y, row) -> System.arraycopy(grey, y * width, row, 0, width));
            case JPG -> encoders.jpegGrey(grey, width, height);
            case ZIP -> throw new IllegalStateException("a ZIP holds the colours beside the alpha");
            case WEBP -> {
                int[] argb = new int[grey.length];
                for (int i = 0; i < grey.length; i++) {
                    int g = grey[i] & 0xFF;
                    argb[i] = 0xFF000000 | g << 16 | g << 8 | g;
                }
                yield encoders.webp(argb, width, height);
            }
        };
    }

    /** The cut-out's alpha: the mask times the input's own alpha. */
    static byte[] combinedAlpha(DecodedImage image, byte[] mask) {
        if (!image.hasAlpha()) {
            return mask;
        }
        int[] argb = image.argb();
        byte[] alpha = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            alpha[i] = (byte) (((mask[i] & 0xFF) * (argb[i] >>> 24) + 127) / 255);
        }
        return alpha;
    }

    /** The smallest box holding every pixel of at least {@link #SUBJECT_ALPHA}; empty when there is none. */
    public static Box subjectBox(byte[] alpha, int width, int height) {
        return Box.around(alpha, width, height, a -> a >= SUBJECT_ALPHA);
    }

    /** The subject's box grown by the margins, within the image; the whole image when there is no subject. */
    static Box cropRegion(Box subject, OutputOptions.Margins margins, int width, int height) {
        if (subject.isEmpty()) {
            return new Box(0, 0, width, height);
        }
        int left = Math.max(0, subject.left() - margins.left().pixels(subject.width()));
        int top = Math.max(0, subject.top() - margins.top().pixels(subject.height()));
        int right = Math.min(width, subject.left() + subject.width() + margins.right().pixels(subject.width()));
        int bottom = Math.min(height, subject.top() + subject.height() + margins.bottom().pixels(subject.height()));
        return new Box(left, top, right - left, bottom - top);
    }

    /** At most the size's pixels, never larger than the region itself. */
    static double scale(Box region, OutputOptions.Size size) {
        long pixels = (long) region.width() * region.height();
        return size.maxPixels() > 0 && pixels > size.maxPixels() ? Math.sqrt(size.maxPixels() / (double) pixels) : 1;
    }

    private static Box outputBox(Box subject, Box region, double sx, double sy, int outWidth, int outHeight) {
        int left = (int) Math.floor((subject.left() - region.left()) * sx);
        int top = (int) Math.floor((subject.top() - region.top()) * sy);
        int right = Math.min(outWidth, (int) Math.ceil((subject.left() + subject.width() - region.left()) * sx));
        int bottom = Math.min(outHeight, (int) Math.ceil((subject.top() + subject.height() - region.top()) * sy));
        return new Box(left, top, Math.max(1, right - left), Math.max(1, bottom - top));
    }

    /**
     * A row of premultiplied RGBA floats to straight ARGB at {@code offset} of {@code argb}, composited over the
     * {@code backdrop}'s pixels from {@code backdropOffset} (straight ARGB) or else over {@code colour} (0xAARRGGBB),
     * when there is one; {@code opaque}: what remains transparent is flattened onto white (JPEG has no alpha). Fully
     * transparent pixels are written as 0 (their colour is invisible).
     */
    private static void straightArgb(float[] rgba, int[] backdrop, int backdropOffset, Integer colour, boolean opaque,
                                     int[] argb, int offset) {
        int solid = colour == null ? 0 : colour; // 0: transparent, nothing under the subject
        for (int i = 0, o = 0; o < rgba.length; i++, o += 4) {
            int background = backdrop != null ? backdrop[backdropOffset + i] : solid;
            float bgA = (background >>> 24) / 255f;
            float bgR = (background >> 16 & 0xFF) / 255f;
            float bgG = (background >> 8 & 0xFF) / 255f;
            float bgB = (background & 0xFF) / 255f;
            float a = rgba[o + 3];
            // Porter-Duff "over" on premultiplied values: the subject over the background (then over white for JPEG).
            float r = rgba[o] + bgR * bgA * (1 - a);
            float g = rgba[o + 1] + bgG * bgA * (1 - a);
            float b = rgba[o + 2] + bgB * bgA * (1 - a);
            float outA = a + bgA * (1 - a);
            if (opaque) {
                r += 1 - outA;
                g += 1 - outA;
                b += 1 - outA;
                outA = 1;
            }
            int alpha = clamp(Math.round(outA * 255f));
            argb[offset + i] = alpha == 0 ? 0 : alpha << 24 | clamp(Math.round(r / outA * 255f)) << 16
                    | clamp(Math.round(g / outA * 255f)) << 8 | clamp(Math.round(b / outA * 255f));
        }
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
