package dev.poofbg.worker.image;

/** Smooth per-pixel fields kept on a coarse grid of {@code cell x cell} pixels, read back at full resolution. */
final class CellGrid {

    private CellGrid() {
    }

    /**
     * Bilinear sample at full-resolution pixel (x, y) of {@code field}, {@code channels} floats per cell over
     * {@code columns x rows} cells, into {@code out}; clamped at the grid's edges.
     */
    static void sample(float[] field, int channels, int columns, int rows, int cell, int x, int y, float[] out) {
        float gx = Math.max(0, Math.min(columns - 1, (x + 0.5f) / cell - 0.5f));
        float gy = Math.max(0, Math.min(rows - 1, (y + 0.5f) / cell - 0.5f));
        int x0 = (int) gx;
        int y0 = (int) gy;
        int x1 = Math.min(columns - 1, x0 + 1);
        int y1 = Math.min(rows - 1, y0 + 1);
        float fx = gx - x0;
        float fy = gy - y0;
        int o00 = (y0 * columns + x0) * channels;
        int o01 = (y0 * columns + x1) * channels;
        int o10 = (y1 * columns + x0) * channels;
        int o11 = (y1 * columns + x1) * channels;
        for (int c = 0; c < channels; c++) {
            float top = field[o00 + c] * (1 - fx) + field[o01 + c] * fx;
            float bottom = field[o10 + c] * (1 - fx) + field[o11 + c] * fx;
            out[c] = top * (1 - fy) + bottom * fy;
        }
    }
}
