package dev.poofbg.worker.model;

import ai.djl.pytorch.jni.JniUtils;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * libtorch's intra-op threads, shared among the predictions running at once. A worker with several jobs in flight
 * would otherwise start the configured number of OpenMP threads for each of them and oversubscribe the cores, which
 * is slower than sharing them, while a prediction alone keeps them all (figures in docs/benchmarks.md, "Model
 * forward"). The setting is OpenMP's per-thread one: each prediction sets its own thread's count.
 */
public final class InferenceThreads {

    private static final AtomicInteger RUNNING = new AtomicInteger();

    /**
     * libtorch's configured count, read when this class is first used, before any of its methods changes a thread's
     * setting (libtorch hands the last count set on any thread to threads that have not set their own).
     */
    private static final int CONFIGURED = JniUtils.getNumThreads();

    private InferenceThreads() {
    }

    /** A prediction starts on the calling thread, with its share of the threads; pair with {@link #exit()}. */
    public static void enter() {
        RUNNING.incrementAndGet();
        use(share());
    }

    /** The calling thread's prediction has ended: back to the configured count. */
    public static void exit() {
        RUNNING.decrementAndGet();
        use(configured());
    }

    /** The configured threads divided among the predictions running now, at least one. */
    public static int share() {
        return Math.max(1, configured() / Math.max(1, RUNNING.get()));
    }

    public static int configured() {
        return CONFIGURED;
    }

    /** Sets the calling thread's intra-op thread count. */
    public static void use(int threads) {
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }
}
