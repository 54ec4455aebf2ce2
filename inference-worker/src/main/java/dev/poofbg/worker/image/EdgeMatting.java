package dev.poofbg.worker.image;

/**
 * Matting restricted to the mask's uncertain band, with a trimap drawn from the mask itself: pixels the upsampled
 * mask calls clearly subject (or clearly background) and that stay so over a margin of about one model pixel are
 * sure; the rest is unknown. Every unknown pixel is explained as a mix of the mean colours of the sure subject and
 * sure background around it (sums on a grid of about one model pixel per cell; the narrowest of three windows that
 * holds both sides). Its position on the line between the two colours is the colour model's alpha, trusted as the two
 * colours stand apart against their own spread (texture) and against how badly the mix reproduces the pixel, and
 * blended with the mask's alpha by that trust; the edge moves within the model's decision, never across alpha 0.5.
 * The pixel's colour becomes, by the same trust, the subject's colour under that mix (M. Forte and F. Pitié's closed
 * form, ICIP 2021), so the edge stops carrying the old background. Sure pixels keep both alpha and colour.
 */
public final class EdgeMatting {

    /** The setting measured best (docs/quality.md, "Matting the uncertain band"). */
    public static final EdgeMatting DEFAULT = new EdgeMatting(3, 0.5, 0.01, 256, 16);

    /** Alpha at or above this (0.95) is subject, at or below {@link #BACKGROUND} background, before the margin. */
    static final int SUBJECT = 242;
    static final int BACKGROUND = 13;
    /** The least alpha byte counted as subject (alpha above 0.5). */
    private static final int HALF = 128;
    /** Windows tried per pixel: {@code reach}, then twice and four times as wide. */
    private static final int LEVELS = 3;
    /** A colour estimate counts when it rests on at least this many sure pixels' worth of samples. */
    private static final float MIN_SAMPLES = 4;

    private final float reach;
    private final float margin;
    private final float separation;
    private final float misfit;
    private final float spread;

    /**
     * {@code reach}: the colour window's half-width in model pixels; {@code margin}: how far (model pixels) a sure
     * pixel stays from any unsure one; {@code separation}: the squared colour distance (0 to 3) at which the colour
     * model gets half the trust; {@code misfit}: the weight of the mix's squared residual against that trust;
     * {@code spread}: the weight of the two sides' colour variances (texture: grass, gravel, fur) against it.
     */
    public EdgeMatting(double reach, double margin, double separation, double misfit, double spread) {
        this.reach = (float) reach;
        this.margin = (float) margin;
        this.separation = (float) separation;
        this.misfit = (float) misfit;
        this.spread = (float) spread;
    }

    /** How many image pixels one pixel of a {@code maskWidth x maskHeight} mask spans, at least 1. */
    public static float modelPixel(int width, int height, int maskWidth, int maskHeight) {
        return Math.max(1, Math.max(width / (float) maskWidth, height / (float) maskHeight));
    }

    /**
     * Refines {@code alpha} (row-major, 0 to 255, a model's mask upsampled to the image, one mask pixel spanning
     * {@code modelPixel} image pixels) in place, and with {@code colours} the image's edge colours too.
     */
    public void refine(DecodedImage image, byte[] alpha, float modelPixel, boolean colours) {
        int width = image.width();
        int height = image.height();
        byte[] trimap = trimap(alpha, width, height, Math.max(1, Math.round(margin * modelPixel)));
        int cell = Math.max(1, Math.round(modelPixel));
        float[] cells = cellSums(image, trimap, cell);
        Samples[] levels = new Samples[LEVELS];
        for (int level = 0; level < LEVELS; level++) {
            int radius = Math.max(1, Math.round(reach * (1 << level) * modelPixel / cell));
            levels[level] = Samples.of(cells, image, cell, radius);
        }
        RowBands.run(RowBands.count(height, width, RowBands.threads()), height, (band, from, to) -> {
            float[] sums = new float[Samples.CHANNELS];
            for (int y = from; y < to; y++) {
                for (int x = 0; x < width; x++) {
                    if (trimap[y * width + x] == UNKNOWN && sample(levels, x, y, sums)) {
                        unmix(image, alpha, y * width + x, sums, colours);
                    }
                }
            }
        });
    }

    /** Pixel {@code p} as a mix of the subject and background colours whose sums are {@code s}. */
    private void unmix(DecodedImage image, byte[] alpha, int p, float[] s, boolean colours) {
        int[] argb = image.argb();
        int px = argb[p];
        float ir = (px >> 16 & 0xFF) / 255f;
        float ig = (px >> 8 & 0xFF) / 255f;
        float ib = (px & 0xFF) / 255f;
        float fr = s[1] / s[0];
        float fg = s[2] / s[0];
        float fb = s[3] / s[0];
        float br = s[6] / s[5];
        float bg = s[7] / s[5];
        float bb = s[8] / s[5];
        float variance = Math.max(0, s[4] / s[0] - (fr * fr + fg * fg + fb * fb))
                + Math.max(0, s[9] / s[5] - (br * br + bg * bg + bb * bb));
        float dr = fr - br;
        float dg = fg - bg;
        float db = fb - bb;
        float distance = dr * dr + dg * dg + db * db;
        float along = ((ir - br) * dr + (ig - bg) * dg + (ib - bb) * db) / Math.max(distance, 1e-6f);
        float mixed = Math.max(0, Math.min(1, along));
        float er = ir - (br + mixed * dr);
        float eg = ig - (bg + mixed * dg);
        float eb = ib - (bb + mixed * db);
        float trust = distance / (distance + separation + spread * variance + misfit * (er * er + eg * eg + eb * eb));
        int before = alpha[p] & 0xFF;
        int after = Math.round((trust * mixed + (1 - trust) * before / 255f) * 255);
        // The edge moves within the model's decision, never across it: where the colours alone would move a pixel
        // across alpha 0.5, they were measured to be wrong more often than right (docs/quality.md).
        after = before >= HALF ? Math.max(after, HALF) : Math.min(after, HALF - 1);
        alpha[p] = (byte) after;
        float a = after / 255f;
        if (colours && a > 0) {
            argb[p] = (px & 0xFF000000)
                    | decontaminated(ir, fr, br, a, trust) << 16
                    | decontaminated(ig, fg, bg, a, trust) << 8
                    | decontaminated(ib, fb, bb, a, trust);
        }
    }

    /** The sums of the narrowest window that holds both sure subject and sure background; false when none does. */
    private static boolean sample(Samples[] levels, int x, int y, float[] out) {
        for (Samples level : levels) {
            level.sample(x, y, out);
            if (out[0] >= MIN_SAMPLES && out[5] >= MIN_SAMPLES) {
                return true;
            }
        }
        return false;
    }

    /** The subject's colour under the mix, F + a (I - a F - (1 - a) B), taken by {@code trust} over the observed. */
    private static int decontaminated(float observed, float subject, float background, float a, float trust) {
        float estimate = subject + a * (observed - a * subject - (1 - a) * background);
        float value = observed + trust * (Math.max(0, Math.min(1, estimate)) - observed);
        return Math.round(value * 255);
    }

    static final byte SURE_BACKGROUND = 0;
    static final byte UNKNOWN = 1;
    static final byte SURE_SUBJECT = 2;

    /**
     * Sure subject: every pixel within {@code margin} (a square) has alpha at or above {@link #SUBJECT}; sure
     * background likewise at or below {@link #BACKGROUND}; the rest unknown. Separable running counts: first along
     * each row, then down each column.
     */
    static byte[] trimap(byte[] alpha, int width, int height, int margin) {
        // Bit 0: the row window holds only subject; bit 1: only background.
        byte[] rows = new byte[alpha.length];
        for (int y = 0; y < height; y++) {
            int base = y * width;
            int notSubject = 0;
            int notBackground = 0;
            for (int x = 0; x < Math.min(width, margin); x++) {
                int a = alpha[base + x] & 0xFF;
                notSubject += a < SUBJECT ? 1 : 0;
                notBackground += a > BACKGROUND ? 1 : 0;
            }
            for (int x = 0; x < width; x++) {
                int entering = x + margin;
                if (entering < width) {
                    int a = alpha[base + entering] & 0xFF;
                    notSubject += a < SUBJECT ? 1 : 0;
                    notBackground += a > BACKGROUND ? 1 : 0;
                }
                int leaving = x - margin - 1;
                if (leaving >= 0) {
                    int a = alpha[base + leaving] & 0xFF;
                    notSubject -= a < SUBJECT ? 1 : 0;
                    notBackground -= a > BACKGROUND ? 1 : 0;
                }
                rows[base + x] = (byte) ((notSubject == 0 ? 1 : 0) | (notBackground == 0 ? 2 : 0));
            }
        }
        byte[] trimap = new byte[alpha.length];
        int[] notSubject = new int[width];
        int[] notBackground = new int[width];
        for (int y = 0; y < Math.min(height, margin); y++) {
            count(rows, y * width, width, notSubject, notBackground, 1);
        }
        for (int y = 0; y < height; y++) {
            if (y + margin < height) {
                count(rows, (y + margin) * width, width, notSubject, notBackground, 1);
            }
            if (y - margin - 1 >= 0) {
                count(rows, (y - margin - 1) * width, width, notSubject, notBackground, -1);
            }
            int base = y * width;
            for (int x = 0; x < width; x++) {
                trimap[base + x] = notSubject[x] == 0 ? SURE_SUBJECT : notBackground[x] == 0 ? SURE_BACKGROUND : UNKNOWN;
            }
        }
        return trimap;
    }

    private static void count(byte[] rows, int base, int width, int[] notSubject, int[] notBackground, int sign) {
        for (int x = 0; x < width; x++) {
            int bits = rows[base + x];
            notSubject[x] += (bits & 1) == 0 ? sign : 0;
            notBackground[x] += (bits & 2) == 0 ? sign : 0;
        }
    }

    /**
     * Sums of the sure pixels' colours on a grid of {@code cell x cell} pixels, each cell holding the sums over the
     * {@code 2 radius + 1} cells around it: subject count, r, g, b and r² + g² + b² sums, then background's.
     */
    record Samples(int cell, int columns, int rows, float[] sums) {
        static final int CHANNELS = 10;

        static Samples of(float[] cells, DecodedImage image, int cell, int radius) {
            int columns = (image.width() + cell - 1) / cell;
            int rows = (image.height() + cell - 1) / cell;
            float[] across = windowSums(cells, columns, rows, CHANNELS, radius, true);
            return new Samples(cell, columns, rows, windowSums(across, columns, rows, CHANNELS, radius, false));
        }

        /** Bilinear sample of the windowed sums at pixel (x, y). */
        void sample(int x, int y, float[] out) {
            CellGrid.sample(sums, CHANNELS, columns, rows, cell, x, y, out);
        }
    }

    /** Per cell of {@code cell x cell} pixels, the sums of {@link Samples} over the cell's own sure pixels. */
    static float[] cellSums(DecodedImage image, byte[] trimap, int cell) {
        int width = image.width();
        int height = image.height();
        int columns = (width + cell - 1) / cell;
        int rows = (height + cell - 1) / cell;
        int channels = Samples.CHANNELS;
        float[] cells = new float[columns * rows * channels];
        int[] argb = image.argb();
        for (int y = 0; y < height; y++) {
            int rowBase = (y / cell) * columns;
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                byte kind = trimap[p];
                if (kind == UNKNOWN) {
                    continue;
                }
                int o = (rowBase + x / cell) * channels + (kind == SURE_SUBJECT ? 0 : 5);
                int px = argb[p];
                float r = (px >> 16 & 0xFF) / 255f;
                float g = (px >> 8 & 0xFF) / 255f;
                float b = (px & 0xFF) / 255f;
                cells[o] += 1;
                cells[o + 1] += r;
                cells[o + 2] += g;
                cells[o + 3] += b;
                cells[o + 4] += r * r + g * g + b * b;
            }
        }
        return cells;
    }

    /** Sums over a window of {@code 2 radius + 1} cells along one axis, clipped at the edges. */
    private static float[] windowSums(float[] in, int columns, int rows, int channels, int radius, boolean horizontal) {
        float[] out = new float[in.length];
        int lines = horizontal ? rows : columns;
        int length = horizontal ? columns : rows;
        int stride = (horizontal ? 1 : columns) * channels;
        double[] running = new double[channels];
        for (int line = 0; line < lines; line++) {
            java.util.Arrays.fill(running, 0);
            int first = (horizontal ? line * columns : line) * channels;
            for (int i = 0; i < Math.min(length, radius); i++) {
                for (int c = 0; c < channels; c++) {
                    running[c] += in[first + i * stride + c];
                }
            }
            for (int i = 0; i < length; i++) {
                int entering = i + radius;
                int leaving = i - radius - 1;
                for (int c = 0; c < channels; c++) {
                    running[c] += (entering < length ? in[first + entering * stride + c] : 0)
                            - (leaving >= 0 ? in[first + leaving * stride + c] : 0);
                    out[first + i * stride + c] = (float) running[c];
                }
            }
        }
        return out;
    }
}
