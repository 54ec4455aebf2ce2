package dev.poofbg.worker.image;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Row-wise work of one image split into horizontal bands, run on the common fork-join pool and the
 * calling thread at once: full-resolution passes (mask upsampling, PNG encoding) use every core the
 * process may use while the model's own threads are idle.
 */
final class RowBands {
    /** Below this much work per band, splitting costs more than it saves. */
    private static final long MIN_BYTES_PER_BAND = 256 * 1024;

    /** One band: rows {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    interface Band {
        void run(int index, int from, int to);
    }

    private RowBands() {
    }

    /** How many bands {@code rows} rows of {@code bytesPerRow} bytes of work get, at most {@code maxBands}. */
    static int count(int rows, long bytesPerRow, int maxBands) {
        long bySize = rows * bytesPerRow / MIN_BYTES_PER_BAND;
        return (int) Math.max(1, Math.min(Math.min(maxBands, rows), bySize));
    }

    /** Every thread this process may use: the common pool's workers plus the caller. */
    static int threads() {
        return ForkJoinPool.getCommonPoolParallelism() + 1;
    }

    /** First row of band {@code index} of {@code bands} over {@code rows} rows. */
    static int start(int index, int bands, int rows) {
        return (int) ((long) rows * index / bands);
    }

    static void run(int bands, int rows, Band band) {
        if (bands == 1) {
            band.run(0, 0, rows);
            return;
        }
        IntStream.range(0, bands).parallel()
                .forEach(index -> band.run(index, start(index, bands, rows), start(index + 1, bands, rows)));
    }
}
