package dev.poofbg.worker.model;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an image into the network's input: resized to the model's input size, divided by 255 and normalised per
 * channel with mean/std, as a CHW float array.
 * <p>
 * Resizing is separable and streams the image one row at a time (memory stays at the output size however large
 * the photo): area averaging along an axis that shrinks, so a 12-megapixel photo does not alias down to 320 pixels,
 * and bilinear with half-pixel centres (PyTorch's align_corners=False) along an axis that grows.
 */
public final class ImagePreprocessor {

    private final int width;
    private final int height;
    private final float[] scale = new float[3];
    private final float[] offset = new float[3];

    /**
     * @param mean per-channel mean (R, G, B) of pixel values scaled to [0,1]
     * @param std per-channel standard deviation (R, G, B) of pixel values scaled to [0,1]
     */
    public ImagePreprocessor(int width, int height, float[] mean, float[] std) {
        if (width <= 0 || height <= 0 || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("need a positive size and three means and standard deviations");
        }
        this.width = width;
        this.height = height;
        for (int c = 0; c < 3; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("standard deviations must be positive");
            }
            // ((v / 255) - mean) / std == v * scale + offset
            scale[c] = 1f / (255f * std[c]);
            offset[c] = -mean[c] / std[c];
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Returns {@code float[3 * height * width]}: channel R, then G, then B, each row-major. */
    public float[] toChw(BufferedImage image) {
        int inW = image.getWidth();
        int inH = image.getHeight();
        Taps horizontal = Taps.of(inW, width);
        Taps vertical = Taps.of(inH, height);
        // For each source row: the output rows it contributes to, and with which weights.
        List<List<float[]>> rowUses = new ArrayList<>(inH);
        for (int y = 0; y < inH; y++) {
            rowUses.add(new ArrayList<>(2));
        }
        for (int oy = 0; oy < height; oy++) {
            for (int t = 0; t < vertical.count[oy]; t++) {
                rowUses.get(vertical.start[oy] + t).add(new float[] {oy, vertical.weight[oy][t]});
            }
        }
        int plane = width * height;
        float[] out = new float[3 * plane];
        int[] rgb = new int[inW];
        float[] resampled = new float[3 * width];
        RowReader reader = RowReader.of(image);
        for (int y = 0; y < inH; y++) {
            List<float[]> uses = rowUses.get(y);
            if (uses.isEmpty()) {
                continue;
            }
            reader.read(y, rgb);
            for (int ox = 0; ox < width; ox++) {
                float r = 0;
                float g = 0;
                float b = 0;
                int start = horizontal.start[ox];
                float[] w = horizontal.weight[ox];
                for (int t = 0; t < horizontal.count[ox]; t++) {
                    int p = rgb[start + t];
                    r += w[t] * ((p >> 16) & 0xFF);
                    g += w[t] * ((p >> 8) & 0xFF);
                    b += w[t] * (p & 0xFF);
                }
                resampled[ox] = r;
                resampled[width + ox] = g;
                resampled[2 * width + ox] = b;
            }
            for (float[] use : uses) {
                int rowOffset = (int) use[0] * width;
                float weight = use[1];
                for (int c = 0; c < 3; c++) {
                    int base = c * plane + rowOffset;
                    int src = c * width;
                    for (int ox = 0; ox < width; ox++) {
                        out[base + ox] += weight * resampled[src + ox];
                    }
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            float s = scale[c];
            float o = offset[c];
            for (int i = c * plane, end = i + plane; i < end; i++) {
                out[i] = out[i] * s + o;
            }
        }
        return out;
    }

    /** Returns {@code float[height * width * 3]}: pixel-interleaved R, G, B (HWC), the channels-last layout. */
    public float[] toHwc(BufferedImage image) {
        float[] chw = toChw(image);
        int plane = width * height;
        float[] hwc = new float[chw.length];
        for (int i = 0, j = 0; i < plane; i++, j += 3) {
            hwc[j] = chw[i];
            hwc[j + 1] = chw[plane + i];
            hwc[j + 2] = chw[2 * plane + i];
        }
        return hwc;
    }

    /** Reads one row as packed 0xRRGGBB ints, straight from the raster for the common decoded types. */
    private interface RowReader {
        void read(int y, int[] rgb);

        static RowReader of(BufferedImage image) {
            Raster raster = image.getRaster();
            int w = image.getWidth();
            return switch (image.getType()) {
                case BufferedImage.TYPE_3BYTE_BGR -> {
                    // getDataElements returns the bands in band order, which is R, G, B for this type.
                    byte[] row = new byte[3 * w];
                    yield (y, rgb) -> {
                        raster.getDataElements(0, y, w, 1, row);
                        for (int x = 0, i = 0; x < w; x++, i += 3) {
                            rgb[x] = (row[i] & 0xFF) << 16 | (row[i + 1] & 0xFF) << 8 | (row[i + 2] & 0xFF);
                        }
                    };
                }
                case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB -> (y, rgb) -> raster.getDataElements(0, y, w, 1, rgb);
                default -> (y, rgb) -> image.getRGB(0, y, w, 1, rgb, 0, w);
            };
        }
    }

    /** One-dimensional resampling taps: output i reads count[i] inputs from start[i] with weight[i][*]. */
    static final class Taps {
        final int[] start;
        final int[] count;
        final float[][] weight;

        private Taps(int n) {
            start = new int[n];
            count = new int[n];
            weight = new float[n][];
        }

        static Taps of(int in, int out) {
            Taps taps = new Taps(out);
            double scale = (double) in / out;
            for (int o = 0; o < out; o++) {
                if (in > out) {
                    // Area: the input interval [o*scale, (o+1)*scale) averaged with exact fractional coverage.
                    double lo = o * scale;
                    double hi = Math.min(in, (o + 1) * scale);
                    int first = (int) Math.floor(lo);
                    int last = Math.min(in - 1, (int) Math.ceil(hi) - 1);
                    float[] w = new float[last - first + 1];
                    for (int i = first; i <= last; i++) {
                        double cover = Math.min(hi, i + 1) - Math.max(lo, i);
                        w[i - first] = (float) (cover / scale);
                    }
                    taps.start[o] = first;
                    taps.count[o] = w.length;
                    taps.weight[o] = w;
                } else {
                    // Bilinear, half-pixel centres, clamped at the borders (identity when in == out).
                    double src = Math.max(0, (o + 0.5) * scale - 0.5);
                    int i0 = Math.min((int) Math.floor(src), in - 1);
                    int i1 = Math.min(i0 + 1, in - 1);
                    float l = (float) (src - i0);
                    taps.start[o] = i0;
                    if (i1 == i0 || l == 0f) {
                        taps.count[o] = 1;
                        taps.weight[o] = new float[] {1f};
                    } else {
                        taps.count[o] = 2;
                        taps.weight[o] = new float[] {1f - l, l};
                    }
                }
            }
            return taps;
        }
    }
}
