package dev.poofbg.worker.image;

import java.util.concurrent.Semaphore;

/**
 * Admits images by the pixels they will decode, so that large images processed at once wait for each other instead
 * of exhausting the heap together (the worker exits on an OutOfMemoryError, and the job would come back to the next
 * worker). An image larger than the whole budget runs alone. First come, first served: a large image is not
 * overtaken forever by small ones.
 */
public final class PixelBudget {

    /** A job's peak heap per pixel: pixels, alpha, upsampling rows and the PNG twice (docs/worker.md). */
    static final int HEAP_BYTES_PER_PIXEL = 12;
    private static final double HEAP_SHARE = 0.75;
    /** Permits count blocks of pixels, so that budgets of billions of pixels fit an int. */
    private static final int PIXELS_PER_PERMIT = 1024;

    private final Semaphore permits;
    private final int total;

    public PixelBudget(long pixels) {
        if (pixels < PIXELS_PER_PERMIT) {
            throw new IllegalArgumentException("a pixel budget needs at least " + PIXELS_PER_PERMIT + " pixels");
        }
        this.total = (int) Math.min(Integer.MAX_VALUE, pixels / PIXELS_PER_PERMIT);
        this.permits = new Semaphore(total, true);
    }

    /**
     * The pixels three quarters of a heap of {@code maxHeapBytes} hold at the peak of a job; the rest is the
     * service's own (Kafka clients, HTTP, the model's Java side).
     */
    public static PixelBudget ofHeap(long maxHeapBytes) {
        return new PixelBudget((long) (maxHeapBytes * HEAP_SHARE) / HEAP_BYTES_PER_PIXEL);
    }

    /** Waits until {@code pixels} fit beside the images already admitted; close the admission when done. */
    public Admission admit(long pixels) {
        int wanted = (int) Math.max(1, Math.min(total, (pixels + PIXELS_PER_PERMIT - 1) / PIXELS_PER_PERMIT));
        permits.acquireUninterruptibly(wanted);
        return () -> permits.release(wanted);
    }

    /** Pixels not admitted at the moment. */
    long available() {
        return (long) permits.availablePermits() * PIXELS_PER_PERMIT;
    }

    /** An admitted image's share of the budget; released once. */
    public interface Admission extends AutoCloseable {
        @Override
        void close();
    }
}
