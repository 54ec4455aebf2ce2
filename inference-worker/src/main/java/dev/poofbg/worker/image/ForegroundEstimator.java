package dev.poofbg.worker.image;

/**
 * Estimates the subject's own colour where the cut-out is partly transparent, so that edge pixels stop carrying the
 * old background (the green fringe from grass, the white one from a studio wall): "blur-fusion", M. Forte and
 * F. Pitié, <i>Approximate Fast Foreground Colour Estimation</i>, ICIP 2021. Two passes of
 * {@code F = blur(F a) / blur(a) + a (I - a blur(F a) / blur(a) - (1 - a) blur(B (1 - a)) / blur(1 - a))}: a wide one
 * (radius 90) from the image alone, then a narrow one (radius 6) from the first pass's foreground and background.
 * <p>
 * The wide pass only needs smooth fields, so it runs on a grid of at most {@value #GRID} cells on the long side; the
 * narrow pass runs at full resolution with running box sums over the rows around the partly transparent pixels, a few
 * rows at a time. Only pixels with {@code 0 < alpha < 255} change; opaque and transparent ones keep their colours.
 */
public final class ForegroundEstimator {

    static final int WIDE_RADIUS = 90;
    static final int NARROW_RADIUS = 6;
    private static final int GRID = 256;
    private static final float EPS = 1e-5f;
    /** a, F a (3), B (1 - a) (3). */
    private static final int CHANNELS = 7;

    private ForegroundEstimator() {
    }

    /** Rewrites the colour of every partly transparent pixel of {@code image} (alpha from {@code alpha}), in place. */
    public static void decontaminate(DecodedImage image, byte[] alpha) {
        int width = image.width();
        int height = image.height();
        Box edge = Box.around(alpha, width, height, a -> a != 0 && a != 255);
        if (edge.isEmpty()) {
            return;
        }
        Wide wide = wide(image, alpha);
        narrow(image, alpha, wide, grow(edge, NARROW_RADIUS, width, height));
    }

    private static Box grow(Box box, int by, int width, int height) {
        int left = Math.max(0, box.left() - by);
        int top = Math.max(0, box.top() - by);
        int right = Math.min(width, box.left() + box.width() + by);
        int bottom = Math.min(height, box.top() + box.height() + by);
        return new Box(left, top, right - left, bottom - top);
    }

    /** The wide pass's foreground and background colours on a coarse grid (3 floats per cell each). */
    record Wide(int cell, int columns, int rows, float[] foreground, float[] background) {

        /** Bilinear sample of {@code field} at full-resolution pixel (x, y) into {@code out}. */
        void sample(float[] field, int x, int y, float[] out) {
            CellGrid.sample(field, 3, columns, rows, cell, x, y, out);
        }
    }

    /** First pass, F = B = the image, on cells of {@code cell x cell} pixels (means), blurred over the wide radius. */
    static Wide wide(DecodedImage image, byte[] alpha) {
        int width = image.width();
        int height = image.height();
        int cell = Math.max(1, (Math.max(width, height) + GRID - 1) / GRID);
        int columns = (width + cell - 1) / cell;
        int rows = (height + cell - 1) / cell;
        float[] sums = new float[columns * rows * CHANNELS];
        int[] counts = new int[columns * rows];
        int[] argb = image.argb();
        for (int y = 0; y < height; y++) {
            int rowBase = (y / cell) * columns;
            for (int x = 0; x < width; x++) {
                int px = argb[y * width + x];
                float a = (alpha[y * width + x] & 0xFF) / 255f;
                int g = rowBase + x / cell;
                int o = g * CHANNELS;
                float r = (px >> 16 & 0xFF) / 255f;
                float gr = (px >> 8 & 0xFF) / 255f;
                float b = (px & 0xFF) / 255f;
                sums[o] += a;
                sums[o + 1] += r * a;
                sums[o + 2] += gr * a;
                sums[o + 3] += b * a;
                sums[o + 4] += r * (1 - a);
                sums[o + 5] += gr * (1 - a);
                sums[o + 6] += b * (1 - a);
                counts[g]++;
            }
        }
        for (int g = 0; g < counts.length; g++) {
            for (int c = 0; c < CHANNELS; c++) {
                sums[g * CHANNELS + c] /= counts[g];
            }
        }
        int radius = Math.max(1, Math.round(WIDE_RADIUS / (float) cell));
        float[] blurred = boxMean(boxMean(sums, columns, rows, radius, true), columns, rows, radius, false);
        float[] foreground = new float[columns * rows * 3];
        float[] background = new float[columns * rows * 3];
        for (int g = 0; g < columns * rows; g++) {
            int o = g * CHANNELS;
            float a = blurred[o];
            for (int c = 0; c < 3; c++) {
                foreground[g * 3 + c] = blurred[o + 1 + c] / (a + EPS);
                background[g * 3 + c] = blurred[o + 4 + c] / (1 - a + EPS);
            }
        }
        return new Wide(cell, columns, rows, foreground, background);
    }

    /** Mean over a window of {@code 2 radius + 1} cells along one axis, clipped at the edges. */
    private static float[] boxMean(float[] in, int columns, int rows, int radius, boolean horizontal) {
        float[] out = new float[in.length];
        int lines = horizontal ? rows : columns;
        int length = horizontal ? columns : rows;
        float[] running = new float[CHANNELS];
        for (int line = 0; line < lines; line++) {
            java.util.Arrays.fill(running, 0);
            int inWindow = 0;
            for (int i = 0; i < Math.min(length, radius + 1); i++) {
                add(in, index(line, i, columns, horizontal), running, 1);
                inWindow++;
            }
            for (int i = 0; i < length; i++) {
                int o = index(line, i, columns, horizontal);
                for (int c = 0; c < CHANNELS; c++) {
                    out[o + c] = running[c] / inWindow;
                }
                int entering = i + radius + 1;
                int leaving = i - radius;
                if (entering < length) {
                    add(in, index(line, entering, columns, horizontal), running, 1);
                    inWindow++;
                }
                if (leaving >= 0) {
                    add(in, index(line, leaving, columns, horizontal), running, -1);
                    inWindow--;
                }
            }
        }
        return out;
    }

    private static int index(int line, int i, int columns, boolean horizontal) {
        return (horizontal ? line * columns + i : i * columns + line) * CHANNELS;
    }

    private static void add(float[] in, int offset, float[] running, int sign) {
        for (int c = 0; c < CHANNELS; c++) {
            running[c] += sign * in[offset + c];
        }
    }

    /**
     * Second pass over {@code box}: each row's terms (a, F1 a, B1 (1 - a), with F1 from the wide pass where the pixel is
     * partly transparent and the image where it is opaque) are box-summed along the row, then kept in a ring of
     * {@code 2 r + 1} rows whose running sum gives every window; the row in the middle is then written.
     */
    private static void narrow(DecodedImage image, byte[] alpha, Wide wide, Box box) {
        int width = image.width();
        int boxWidth = box.width();
        int ring = 2 * NARROW_RADIUS + 1;
        float[][] rows = new float[ring][boxWidth * CHANNELS];
        // Doubles: the window's sums are kept by adding and taking away rows all the way down the box.
        double[] window = new double[boxWidth * CHANNELS];
        float[] terms = new float[boxWidth * CHANNELS];
        int[] argb = image.argb();
        float[] f = new float[3];
        float[] b = new float[3];
        int top = box.top();
        int bottom = box.top() + box.height();
        int added = top;
        for (int y = top; y < bottom; y++) {
            // The window of row y spans rows y - r .. y + r within the box. The row leaving it goes first: the row
            // entering takes its place in the ring.
            int leaving = y - NARROW_RADIUS - 1;
            if (leaving >= top) {
                float[] slot = rows[(leaving - top) % ring];
                for (int i = 0; i < window.length; i++) {
                    window[i] -= slot[i];
                }
            }
            while (added < bottom && added <= y + NARROW_RADIUS) {
                float[] slot = rows[(added - top) % ring];
                rowTerms(image, alpha, wide, box, added, terms, f, b);
                horizontalSums(terms, boxWidth, slot);
                for (int i = 0; i < window.length; i++) {
                    window[i] += slot[i];
                }
                added++;
            }
            int windowRows = Math.min(bottom - 1, y + NARROW_RADIUS) - Math.max(top, y - NARROW_RADIUS) + 1;
            for (int x = 0; x < boxWidth; x++) {
                int p = y * width + box.left() + x;
                int a255 = alpha[p] & 0xFF;
                if (a255 == 0 || a255 == 255) {
                    continue;
                }
                float a = a255 / 255f;
                int windowColumns = Math.min(boxWidth - 1, x + NARROW_RADIUS) - Math.max(0, x - NARROW_RADIUS) + 1;
                float n = windowRows * windowColumns;
                int o = x * CHANNELS;
                double sumA = window[o];
                int px = argb[p];
                int out = px & 0xFF000000;
                for (int c = 0; c < 3; c++) {
                    float fg = (float) (window[o + 1 + c] / (sumA + EPS * n));
                    float bg = (float) (window[o + 4 + c] / (n - sumA + EPS * n));
                    float observed = (px >> (16 - 8 * c) & 0xFF) / 255f;
                    float estimate = fg + a * (observed - a * fg - (1 - a) * bg);
                    out |= Math.max(0, Math.min(255, Math.round(estimate * 255))) << (16 - 8 * c);
                }
                argb[p] = out;
            }
        }
    }

    /** Row {@code y}'s terms across the box: a, F1 a (3), B1 (1 - a) (3). */
    private static void rowTerms(DecodedImage image, byte[] alpha, Wide wide, Box box, int y, float[] terms,
                                 float[] f, float[] b) {
        int width = image.width();
        int[] argb = image.argb();
        for (int x = 0; x < box.width(); x++) {
            int p = y * width + box.left() + x;
            int a255 = alpha[p] & 0xFF;
            int o = x * CHANNELS;
            float a = a255 / 255f;
            terms[o] = a;
            int px = argb[p];
            if (a255 == 255) {
                terms[o + 1] = (px >> 16 & 0xFF) / 255f;
                terms[o + 2] = (px >> 8 & 0xFF) / 255f;
                terms[o + 3] = (px & 0xFF) / 255f;
                terms[o + 4] = 0;
                terms[o + 5] = 0;
                terms[o + 6] = 0;
                continue;
            }
            wide.sample(wide.background(), box.left() + x, y, b);
            if (a255 == 0) {
                terms[o + 1] = 0;
                terms[o + 2] = 0;
                terms[o + 3] = 0;
            } else {
                wide.sample(wide.foreground(), box.left() + x, y, f);
                for (int c = 0; c < 3; c++) {
                    float observed = (px >> (16 - 8 * c) & 0xFF) / 255f;
                    float first = Math.max(0, Math.min(1, f[c] + a * (observed - a * f[c] - (1 - a) * b[c])));
                    terms[o + 1 + c] = first * a;
                }
            }
            for (int c = 0; c < 3; c++) {
                terms[o + 4 + c] = b[c] * (1 - a);
            }
        }
    }

    /** Sums over {@code 2 r + 1} columns, clipped at the box's edges. */
    private static void horizontalSums(float[] terms, int boxWidth, float[] out) {
        double[] running = new double[CHANNELS];
        for (int x = 0; x < Math.min(boxWidth, NARROW_RADIUS + 1); x++) {
            for (int c = 0; c < CHANNELS; c++) {
                running[c] += terms[x * CHANNELS + c];
            }
        }
        for (int x = 0; x < boxWidth; x++) {
            for (int c = 0; c < CHANNELS; c++) {
                out[x * CHANNELS + c] = (float) running[c];
            }
            int entering = x + NARROW_RADIUS + 1;
            int leaving = x - NARROW_RADIUS;
            for (int c = 0; c < CHANNELS; c++) {
                running[c] += (entering < boxWidth ? terms[entering * CHANNELS + c] : 0)
                        - (leaving >= 0 ? terms[leaving * CHANNELS + c] : 0);
            }
        }
    }
}
