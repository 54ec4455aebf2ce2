package dev.poofbg.worker.image;

/**
 * Scales an image down by area averaging (every source pixel counts by the share of it an output pixel covers), on
 * premultiplied RGBA so that colours under transparency do not bleed into edges. Streams rows: memory is a few rows,
 * not the image.
 */
final class Resampler {

    /** Fills {@code rgba} (width * 4 floats, premultiplied, 0..1) with source row {@code y}. */
    @FunctionalInterface
    interface SourceRows {
        void fill(int y, float[] rgba);
    }

    /** Takes output row {@code y} (width * 4 floats, premultiplied); the array is reused for the next row. */
    @FunctionalInterface
    interface OutputRows {
        void accept(int y, float[] rgba);
    }

    private Resampler() {
    }

    /** Area averaging to shrink, bilinear interpolation (pixel centres aligned) to enlarge; the aspect is the caller's. */
    static void resize(SourceRows source, int srcWidth, int srcHeight, int outWidth, int outHeight,
                       OutputRows output) {
        if (outWidth <= srcWidth && outHeight <= srcHeight) {
            areaAverage(source, srcWidth, srcHeight, outWidth, outHeight, output);
        } else {
            bilinear(source, srcWidth, srcHeight, outWidth, outHeight, output);
        }
    }

    static void bilinear(SourceRows source, int srcWidth, int srcHeight, int outWidth, int outHeight,
                         OutputRows output) {
        int[] left = new int[outWidth];
        float[] rightWeight = new float[outWidth];
        for (int ox = 0; ox < outWidth; ox++) {
            double sx = Math.max(0, Math.min(srcWidth - 1, (ox + 0.5) * srcWidth / outWidth - 0.5));
            left[ox] = Math.min(srcWidth - 2 < 0 ? 0 : srcWidth - 2, (int) Math.floor(sx));
            rightWeight[ox] = srcWidth == 1 ? 0 : (float) (sx - left[ox]);
        }
        float[] upper = new float[srcWidth * 4];
        float[] lower = new float[srcWidth * 4];
        int upperRow = -1;
        int lowerRow = -1;
        float[] outRow = new float[outWidth * 4];
        for (int oy = 0; oy < outHeight; oy++) {
            double sy = Math.max(0, Math.min(srcHeight - 1, (oy + 0.5) * srcHeight / outHeight - 0.5));
            int top = Math.min(Math.max(0, srcHeight - 2), (int) Math.floor(sy));
            int bottom = Math.min(srcHeight - 1, top + 1);
            float wy = srcHeight == 1 ? 0 : (float) (sy - top);
            if (upperRow != top) {
                if (lowerRow == top) {
                    float[] swap = upper;
                    upper = lower;
                    lower = swap;
                } else {
                    source.fill(top, upper);
                }
                upperRow = top;
                lowerRow = -1;
            }
            if (lowerRow != bottom) {
                source.fill(bottom, lower);
                lowerRow = bottom;
            }
            for (int ox = 0; ox < outWidth; ox++) {
                int l = left[ox] * 4;
                int r = Math.min(srcWidth - 1, left[ox] + 1) * 4;
                float wx = rightWeight[ox];
                for (int c = 0; c < 4; c++) {
                    float above = upper[l + c] + (upper[r + c] - upper[l + c]) * wx;
                    float below = lower[l + c] + (lower[r + c] - lower[l + c]) * wx;
                    outRow[ox * 4 + c] = above + (below - above) * wy;
                }
            }
            output.accept(oy, outRow);
        }
    }

    static void areaAverage(SourceRows source, int srcWidth, int srcHeight, int outWidth, int outHeight,
                            OutputRows output) {
        Span[] columns = spans(srcWidth, outWidth);
        Span[] rows = spans(srcHeight, outHeight);
        float[] sourceRow = new float[srcWidth * 4];
        float[] reduced = new float[outWidth * 4];
        float[] outRow = new float[outWidth * 4];
        int loadedRow = -1;
        for (int oy = 0; oy < outHeight; oy++) {
            java.util.Arrays.fill(outRow, 0f);
            Span rowSpan = rows[oy];
            for (int k = 0; k < rowSpan.indices.length; k++) {
                int sy = rowSpan.indices[k];
                if (sy != loadedRow) {
                    source.fill(sy, sourceRow);
                    loadedRow = sy;
                    reduce(sourceRow, columns, reduced);
                }
                float wy = rowSpan.weights[k];
                for (int i = 0; i < reduced.length; i++) {
                    outRow[i] += reduced[i] * wy;
                }
            }
            output.accept(oy, outRow);
        }
    }

    private static void reduce(float[] sourceRow, Span[] columns, float[] reduced) {
        for (int ox = 0; ox < columns.length; ox++) {
            Span span = columns[ox];
            float r = 0;
            float g = 0;
            float b = 0;
            float a = 0;
            for (int k = 0; k < span.indices.length; k++) {
                int s = span.indices[k] * 4;
                float w = span.weights[k];
                r += sourceRow[s] * w;
                g += sourceRow[s + 1] * w;
                b += sourceRow[s + 2] * w;
                a += sourceRow[s + 3] * w;
            }
            int o = ox * 4;
            reduced[o] = r;
            reduced[o + 1] = g;
            reduced[o + 2] = b;
            reduced[o + 3] = a;
        }
    }

    /** The source pixels each output pixel covers along one axis, with weights summing to 1. */
    private record Span(int[] indices, float[] weights) {
    }

    private static Span[] spans(int source, int output) {
        Span[] spans = new Span[output];
        double step = source / (double) output;
        for (int o = 0; o < output; o++) {
            double start = o * step;
            double end = Math.min(source, (o + 1) * step);
            int first = (int) Math.floor(start);
            int last = Math.min(source - 1, (int) Math.ceil(end) - 1);
            int count = Math.max(1, last - first + 1);
            int[] indices = new int[count];
            float[] weights = new float[count];
            double total = end - start;
            for (int k = 0; k < count; k++) {
                int s = first + k;
                indices[k] = s;
                weights[k] = (float) ((Math.min(end, s + 1) - Math.max(start, s)) / total);
            }
            spans[o] = new Span(indices, weights);
        }
        return spans;
    }
}
