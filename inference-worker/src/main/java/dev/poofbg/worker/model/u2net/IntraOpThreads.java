package dev.poofbg.worker.model.u2net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.poofbg.worker.model.InferenceThreads;

/**
 * Runs the operations on small feature maps on the calling thread alone. Waking libtorch's other OpenMP threads for a
 * convolution over a 40x40 map, or for a memory-bound pass (concatenation, pooling, upsampling, addition) over a few
 * hundred thousand values, costs more than the work it shares, above all with {@code OMP_WAIT_POLICY=PASSIVE}, where
 * each parallel region wakes sleeping threads. Larger operations get the pass's share of the threads, decided op by
 * op, so a pass gives threads up as soon as another prediction starts ({@link InferenceThreads}).
 */
final class IntraOpThreads {

    /** Largest map whose 3x3 convolution is no faster on two threads (docs/benchmarks.md, "Model forward"). */
    static final long CONVOLUTION_SINGLE_THREAD_MAX_PIXELS = 40 * 40;

    /** Most values a memory-bound pass writes that two threads do not speed up (docs/benchmarks.md, "Model forward"). */
    static final long MEMORY_PASS_SINGLE_THREAD_MAX_VALUES = 16 * 160 * 160;

    private IntraOpThreads() {
    }

    /** One thread for a convolution over {@code x} when it is a small map on the CPU, the pass's share otherwise. */
    static void forConvolution(NDArray x) {
        if (Ops.onCpu(x)) {
            Shape s = x.getShape();
            boolean small = s.get(2) * s.get(3) <= CONVOLUTION_SINGLE_THREAD_MAX_PIXELS;
            InferenceThreads.use(small ? 1 : InferenceThreads.share());
        }
    }

    /**
     * Uses one thread for a memory-bound pass that writes {@code values} values on {@code x}'s device when they are
     * few, the pass's share otherwise.
     */
    static void forMemoryPass(NDArray x, long values) {
        if (Ops.onCpu(x)) {
            InferenceThreads.use(values <= MEMORY_PASS_SINGLE_THREAD_MAX_VALUES ? 1 : InferenceThreads.share());
        }
    }
}
