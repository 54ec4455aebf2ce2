package dev.poofbg.worker.image;

import dev.poofbg.worker.model.SaliencyMask;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Brings the model's low-resolution mask back to the image's resolution as 8-bit alpha. Plain
 * bilinear interpolation (PyTorch's align_corners=False sampling), or a fast guided filter (He et al.)
 * whose linear coefficients are fitted at the mask's resolution against the downsampled image and
 * applied to the full-resolution image, so mask edges follow the image's edges.
 */
public final class MaskUpsampler {
    private final boolean guided;
    private final int radius;
    private final float eps;

    public MaskUpsampler(boolean guided, int radius, double eps) {
        this.guided = guided;
        this.radius = radius;
        this.eps = (float) eps;
    }

    /**
     * What the guided filter needs from the image alone, for masks of {@code maskWidth x maskHeight}: the
     * downsampled guide, its local means and its inverted local covariance. It does not depend on the mask, so the
     * pipeline computes it on another core while the model runs.
     */
    public Guide guide(DecodedImage image, int maskWidth, int maskHeight) {
        // Below the mask's own resolution there is no detail for a guide to add.
        if (!guided || image.width() < maskWidth || image.height() < maskHeight) {
            return new Guide(image, maskWidth, maskHeight, null, null, null);
        }
        int sw = maskWidth;
        int sh = maskHeight;
        float[][] rgb = downsample(image, sw, sh);
        float[] r = rgb[0];
        float[] g = rgb[1];
        float[] b = rgb[2];
        float[][] stats = boxes(sw, sh, List.of(() -> r, () -> g, () -> b,
                () -> product(r, r), () -> product(r, g), () -> product(r, b),
                () -> product(g, g), () -> product(g, b), () -> product(b, b)));
        float[] mr = stats[0];
        float[] mg = stats[1];
        float[] mb = stats[2];
        float[] rr = stats[3];
        float[] rg = stats[4];
        float[] rb = stats[5];
        float[] gg = stats[6];
        float[] gb = stats[7];
        float[] bb = stats[8];
        int n = sw * sh;
        float[][] inverse = new float[6][n];
        for (int i = 0; i < n; i++) {
            // Covariance of the guide, + eps on the diagonal: symmetric, inverted by cofactors.
            float srr = rr[i] - mr[i] * mr[i] + eps;
            float srg = rg[i] - mr[i] * mg[i];
            float srb = rb[i] - mr[i] * mb[i];
            float sgg = gg[i] - mg[i] * mg[i] + eps;
            float sgb = gb[i] - mg[i] * mb[i];
            float sbb = bb[i] - mb[i] * mb[i] + eps;
            float i00 = sgg * sbb - sgb * sgb;
            float i01 = srb * sgb - srg * sbb;
            float i02 = srg * sgb - srb * sgg;
            float i11 = srr * sbb - srb * srb;
            float i12 = srb * srg - srr * sgb;
            float i22 = srr * sgg - srg * srg;
            float invDet = 1f / (srr * i00 + srg * i01 + srb * i02);
            inverse[0][i] = i00 * invDet;
            inverse[1][i] = i01 * invDet;
            inverse[2][i] = i02 * invDet;
            inverse[3][i] = i11 * invDet;
            inverse[4][i] = i12 * invDet;
            inverse[5][i] = i22 * invDet;
        }
        return new Guide(image, sw, sh, rgb, new float[][] {mr, mg, mb}, inverse);
    }

    /** Alpha in [0, 255] per pixel of {@code image}, row-major. */
    public byte[] alpha(SaliencyMask mask, DecodedImage image) {
        return alpha(mask, guide(image, mask.width(), mask.height()));
    }

    /** Alpha in [0, 255] per pixel of the guide's image, row-major. */
    public byte[] alpha(SaliencyMask mask, Guide guide) {
        if (guide.width != mask.width() || guide.height != mask.height()) {
            guide = guide(guide.image, mask.width(), mask.height());
        }
        if (guide.inverse == null) {
            return bilinearAlpha(mask, guide.image.width(), guide.image.height());
        }
        return guidedAlpha(mask, guide);
    }

    /** The image-only half of the guided filter ({@link #guide}); opaque to callers. */
    public static final class Guide {
        private final DecodedImage image;
        private final int width;
        private final int height;
        // The downsampled guide's r, g, b and their local means; all three null for bilinear upsampling.
        private final float[][] channels;
        private final float[][] means;
        // The inverted covariance's upper triangle (00, 01, 02, 11, 12, 22), per grid cell.
        private final float[][] inverse;

        private Guide(DecodedImage image, int width, int height, float[][] channels, float[][] means,
                      float[][] inverse) {
            this.image = image;
            this.width = width;
            this.height = height;
            this.channels = channels;
            this.means = means;
            this.inverse = inverse;
        }
    }

    static byte[] bilinearAlpha(SaliencyMask mask, int width, int height) {
        Axis xs = Axis.of(mask.width(), width);
        Axis ys = Axis.of(mask.height(), height);
        float[] values = mask.values();
        int sw = mask.width();
        byte[] out = new byte[width * height];
        RowBands.run(RowBands.count(height, width, RowBands.threads()), height, (band, from, to) -> {
            float[] row = new float[sw];
            for (int y = from; y < to; y++) {
                verticalMix(values, sw, ys, y, row);
                int base = y * width;
                for (int x = 0; x < width; x++) {
                    float v = lerp(row[xs.lo[x]], row[xs.hi[x]], xs.frac[x]);
                    out[base + x] = toByte(v);
                }
            }
        });
        return out;
    }

    private byte[] guidedAlpha(SaliencyMask mask, Guide guide) {
        int sw = guide.width;
        int sh = guide.height;
        int n = sw * sh;
        float[] r = guide.channels[0];
        float[] g = guide.channels[1];
        float[] b = guide.channels[2];
        float[] mr = guide.means[0];
        float[] mg = guide.means[1];
        float[] mb = guide.means[2];
        float[][] inv = guide.inverse;
        float[] p = mask.values();
        float[][] stats = boxes(sw, sh, List.of(() -> p, () -> product(r, p), () -> product(g, p),
                () -> product(b, p)));
        float[] mp = stats[0];
        float[] rp = stats[1];
        float[] gp = stats[2];
        float[] bp = stats[3];

        float[] ar = new float[n];
        float[] ag = new float[n];
        float[] ab = new float[n];
        float[] bias = new float[n];
        for (int i = 0; i < n; i++) {
            // Covariance of guide and mask, times the guide's inverted covariance.
            float cr = rp[i] - mr[i] * mp[i];
            float cg = gp[i] - mg[i] * mp[i];
            float cb = bp[i] - mb[i] * mp[i];
            float a0 = inv[0][i] * cr + inv[1][i] * cg + inv[2][i] * cb;
            float a1 = inv[1][i] * cr + inv[3][i] * cg + inv[4][i] * cb;
            float a2 = inv[2][i] * cr + inv[4][i] * cg + inv[5][i] * cb;
            ar[i] = a0;
            ag[i] = a1;
            ab[i] = a2;
            bias[i] = mp[i] - a0 * mr[i] - a1 * mg[i] - a2 * mb[i];
        }
        float[][] smoothed = boxes(sw, sh, List.of(() -> ar, () -> ag, () -> ab, () -> bias));
        float[] mar = smoothed[0];
        float[] mag = smoothed[1];
        float[] mab = smoothed[2];
        float[] mbias = smoothed[3];

        DecodedImage image = guide.image;
        int width = image.width();
        int height = image.height();
        int[] argb = image.argb();
        Axis xs = Axis.of(sw, width);
        Axis ys = Axis.of(sh, height);
        byte[] out = new byte[width * height];
        // q = a.I/255 + b in [0,1], hence 255q = a.I + 255b: the coefficients apply to 8-bit samples as
        // they are and the result is already on the alpha scale.
        for (int i = 0; i < n; i++) {
            mbias[i] *= 255f;
        }
        RowBands.run(RowBands.count(height, 4L * width, RowBands.threads()), height, (band, from, to) -> {
            float[] rowR = new float[sw];
            float[] rowG = new float[sw];
            float[] rowB = new float[sw];
            float[] rowBias = new float[sw];
            for (int y = from; y < to; y++) {
                verticalMix(mar, sw, ys, y, rowR);
                verticalMix(mag, sw, ys, y, rowG);
                verticalMix(mab, sw, ys, y, rowB);
                verticalMix(mbias, sw, ys, y, rowBias);
                int base = y * width;
                for (int x = 0; x < width; x++) {
                    int lo = xs.lo[x];
                    int hi = xs.hi[x];
                    float f = xs.frac[x];
                    int px = argb[base + x];
                    float q = lerp(rowR[lo], rowR[hi], f) * ((px >> 16) & 0xFF)
                            + lerp(rowG[lo], rowG[hi], f) * ((px >> 8) & 0xFF)
                            + lerp(rowB[lo], rowB[hi], f) * (px & 0xFF)
                            + lerp(rowBias[lo], rowBias[hi], f);
                    out[base + x] = q <= 0f ? 0 : q >= 255f ? (byte) 255 : (byte) (int) (q + 0.5f);
                }
            }
        });
        return out;
    }

    /** Area average of the image over the mask's grid, as three channels in [0, 1]. */
    private static float[][] downsample(DecodedImage image, int sw, int sh) {
        int width = image.width();
        int height = image.height();
        int[] argb = image.argb();
        float[] r = new float[sw * sh];
        float[] g = new float[sw * sh];
        float[] b = new float[sw * sh];
        int[] count = new int[sw * sh];
        int[] binX = new int[width];
        for (int x = 0; x < width; x++) {
            binX[x] = (int) ((long) x * sw / width);
        }
        // Bands of grid rows: each band sums the image rows that fall into its own grid rows.
        RowBands.run(RowBands.count(sh, 4L * width * height / sh, RowBands.threads()), sh, (band, fromBin, toBin) -> {
            for (int y = firstRowOfBin(fromBin, sh, height); y < firstRowOfBin(toBin, sh, height); y++) {
                int rowBin = (int) ((long) y * sh / height) * sw;
                int base = y * width;
                for (int x = 0; x < width; x++) {
                    int px = argb[base + x];
                    int bin = rowBin + binX[x];
                    r[bin] += (px >> 16) & 0xFF;
                    g[bin] += (px >> 8) & 0xFF;
                    b[bin] += px & 0xFF;
                    count[bin]++;
                }
            }
        });
        for (int i = 0; i < count.length; i++) {
            float scale = 1f / (255f * count[i]);
            r[i] *= scale;
            g[i] *= scale;
            b[i] *= scale;
        }
        return new float[][] {r, g, b};
    }

    /** The first image row y with floor(y * sh / height) >= gridRow. */
    private static int firstRowOfBin(int gridRow, int sh, int height) {
        return (int) (((long) gridRow * height + sh - 1) / sh);
    }

    /** {@link #box} of each plane, the planes computed and filtered in parallel (they are independent). */
    private float[][] boxes(int w, int h, List<Supplier<float[]>> planes) {
        float[][] out = new float[planes.size()][];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = box(planes.get(i).get(), w, h));
        return out;
    }

    /** Mean over a (2r+1)^2 window, clipped at the borders (separable running sums). */
    private float[] box(float[] src, int w, int h) {
        float[] tmp = new float[w * h];
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int base = y * w;
            float sum = 0;
            for (int x = 0; x <= Math.min(radius, w - 1); x++) {
                sum += src[base + x];
            }
            for (int x = 0; x < w; x++) {
                int lo = Math.max(0, x - radius);
                int hi = Math.min(w - 1, x + radius);
                tmp[base + x] = sum / (hi - lo + 1);
                if (x + radius + 1 < w) {
                    sum += src[base + x + radius + 1];
                }
                if (x - radius >= 0) {
                    sum -= src[base + x - radius];
                }
            }
        }
        // The vertical running sums advance a whole row at a time: memory is read in order, and each
        // column still sees the same additions in the same order as a column-by-column pass.
        float[] sums = new float[w];
        for (int y = 0; y <= Math.min(radius, h - 1); y++) {
            for (int x = 0; x < w; x++) {
                sums[x] += tmp[y * w + x];
            }
        }
        for (int y = 0; y < h; y++) {
            int count = Math.min(h - 1, y + radius) - Math.max(0, y - radius) + 1;
            int base = y * w;
            int entering = (y + radius + 1) * w;
            int leaving = (y - radius) * w;
            for (int x = 0; x < w; x++) {
                out[base + x] = sums[x] / count;
                if (y + radius + 1 < h) {
                    sums[x] += tmp[entering + x];
                }
                if (y - radius >= 0) {
                    sums[x] -= tmp[leaving + x];
                }
            }
        }
        return out;
    }

    private static float[] product(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }

    private static void verticalMix(float[] grid, int sw, Axis ys, int y, float[] row) {
        int lo = ys.lo[y] * sw;
        int hi = ys.hi[y] * sw;
        float f = ys.frac[y];
        for (int i = 0; i < sw; i++) {
            row[i] = lerp(grid[lo + i], grid[hi + i], f);
        }
    }

    private static float lerp(float a, float b, float f) {
        return a + (b - a) * f;
    }

    private static byte toByte(float v) {
        if (v <= 0f) {
            return 0;
        }
        if (v >= 1f) {
            return (byte) 255;
        }
        return (byte) (int) (v * 255f + 0.5f);
    }

    /** Source taps for each destination index: half-pixel centres, clamped at the edges. */
    private record Axis(int[] lo, int[] hi, float[] frac) {
        static Axis of(int source, int target) {
            int[] lo = new int[target];
            int[] hi = new int[target];
            float[] frac = new float[target];
            double scale = (double) source / target;
            for (int i = 0; i < target; i++) {
                double s = Math.max(0, (i + 0.5) * scale - 0.5);
                int l = Math.min((int) s, source - 1);
                lo[i] = l;
                hi[i] = Math.min(l + 1, source - 1);
                frac[i] = (float) (s - l);
            }
            return new Axis(lo, hi, frac);
        }
    }
}
