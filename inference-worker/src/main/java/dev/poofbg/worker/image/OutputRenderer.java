package dev.poofbg.worker.image;

import dev.poofbg.common.output.OutputOptions;

/**
 * The result a job's options ask for, from the image and its alpha: cropped to the subject (with a margin), composited
 * onto a background colour, scaled down by area averaging (colour and alpha together, on premultiplied values), the
 * mask alone or the cut-out, in PNG, WebP or JPEG. The default options take {@link ImagePipeline}'s direct path.
 */
public final class OutputRenderer {

    /** Alpha at or above this counts as subject when finding its box (1/32 of opaque: edges' faint haze is not). */
    static final int SUBJECT_ALPHA = 8;

    private final PngEncoder png;
    private final ImageEncoders encoders;

    public OutputRenderer(PngEncoder png, ImageEncoders encoders) {
        this.png = png;
        this.encoders = encoders;
    }

    public CutoutResult render(DecodedImage image, byte[] mask, OutputOptions requested) {
        OutputOptions options = requested.applied();
        int width = image.width();
        int height = image.height();
        byte[] alpha = combinedAlpha(image, mask);
        Box subject = subjectBox(alpha, width, height);
        Box region = options.crop() ? cropRegion(subject, options.margin(), width, height) : new Box(0, 0, width, height);
        double scale = scale(region, options.size());
        int outWidth = Math.max(1, (int) Math.round(region.width() * scale));
        int outHeight = Math.max(1, (int) Math.round(region.height() * scale));
        Box foreground = subject.isEmpty()
                ? new Box(0, 0, outWidth, outHeight)
                : outputBox(subject, region, outWidth / (double) region.width(), outHeight / (double) region.height(),
                outWidth, outHeight);
        Resampler.SourceRows source = sourceRows(image, alpha, region);

        if (options.channels() == OutputOptions.Channels.ALPHA) {
            byte[] grey = new byte[outWidth * outHeight];
            Resampler.areaAverage(source, region.width(), region.height(), outWidth, outHeight, (y, rgba) -> {
                for (int x = 0; x < outWidth; x++) {
                    grey[y * outWidth + x] = (byte) clamp(Math.round(rgba[x * 4 + 3] * 255f));
                }
            });
            return new CutoutResult(encodeGrey(grey, outWidth, outHeight, options.format()), options.format(), outWidth,
                    outHeight, foreground);
        }
        int[] argb = new int[outWidth * outHeight];
        Integer background = options.background().orElse(null);
        boolean opaque = options.format() == OutputOptions.Format.JPG;
        Resampler.areaAverage(source, region.width(), region.height(), outWidth, outHeight,
                (y, rgba) -> straightArgb(rgba, background, opaque, argb, y * outWidth));
        byte[] bytes = switch (options.format()) {
            case PNG -> png.encodeRgba(outWidth, outHeight, (y, row) -> {
                for (int x = 0, o = 0; x < outWidth; x++, o += 4) {
                    int px = argb[y * outWidth + x];
                    row[o] = (byte) (px >> 16);
                    row[o + 1] = (byte) (px >> 8);
                    row[o + 2] = (byte) px;
                    row[o + 3] = (byte) (px >>> 24);
                }
            });
            case WEBP -> encoders.webp(argb, outWidth, outHeight);
            case JPG -> encoders.jpeg(argb, outWidth, outHeight);
        };
        return new CutoutResult(bytes, options.format(), outWidth, outHeight, foreground);
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
        int left = width;
        int right = -1;
        int top = -1;
        int bottom = -1;
        for (int y = 0; y < height; y++) {
            int base = y * width;
            int first = -1;
            int last = -1;
            for (int x = 0; x < width; x++) {
                if ((alpha[base + x] & 0xFF) >= SUBJECT_ALPHA) {
                    if (first < 0) {
                        first = x;
                    }
                    last = x;
                }
            }
            if (first >= 0) {
                if (top < 0) {
                    top = y;
                }
                bottom = y;
                left = Math.min(left, first);
                right = Math.max(right, last);
            }
        }
        return top < 0 ? new Box(0, 0, 0, 0) : new Box(left, top, right - left + 1, bottom - top + 1);
    }

    /** The subject's box grown by the margin on every side, within the image; the whole image when there is no subject. */
    static Box cropRegion(Box subject, OutputOptions.Margin margin, int width, int height) {
        if (subject.isEmpty()) {
            return new Box(0, 0, width, height);
        }
        int mx = margin.pixels(subject.width());
        int my = margin.pixels(subject.height());
        int left = Math.max(0, subject.left() - mx);
        int top = Math.max(0, subject.top() - my);
        int right = Math.min(width, subject.left() + subject.width() + mx);
        int bottom = Math.min(height, subject.top() + subject.height() + my);
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
     * A row of premultiplied RGBA floats to straight ARGB at {@code offset} of {@code argb}, composited over
     * {@code background} (0xAARRGGBB) when there is one; {@code opaque}: what remains transparent is flattened onto
     * white (JPEG has no alpha). Fully transparent pixels are written as 0 (their colour is invisible).
     */
    private static void straightArgb(float[] rgba, Integer background, boolean opaque, int[] argb, int offset) {
        float bgA = background == null ? 0 : (background >>> 24) / 255f;
        float bgR = background == null ? 0 : (background >> 16 & 0xFF) / 255f;
        float bgG = background == null ? 0 : (background >> 8 & 0xFF) / 255f;
        float bgB = background == null ? 0 : (background & 0xFF) / 255f;
        for (int i = 0, o = 0; o < rgba.length; i++, o += 4) {
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
