package dev.poofbg.worker.model.u2net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.poofbg.worker.model.InferenceThreads;
import dev.poofbg.worker.model.SaliencyModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** Small maps on one thread, large ones on the pass's share of libtorch's threads. */
class IntraOpThreadsTest {

    /** libtorch's configured count (this thread's own setting may have been left changed by other tests). */
    private static int configured;

    @BeforeAll
    static void offline() {
        SaliencyModels.configureEngine(OptionalInt.empty());
        configured = InferenceThreads.configured();
    }

    @AfterEach
    void configuredThreads() {
        InferenceThreads.use(configured);
    }

    @Test
    void smallMapsRunOnOneThreadAndTheConfiguredCountComesBack() {
        InferenceThreads.enter();
        try (NDManager manager = NDManager.newBaseManager()) {
            IntraOpThreads.forConvolution(manager.zeros(new Shape(1, 16, 40, 40)));
            assertThat(JniUtils.getNumThreads()).isEqualTo(1);
            IntraOpThreads.forConvolution(manager.zeros(new Shape(1, 16, 41, 40)));
            assertThat(JniUtils.getNumThreads()).isEqualTo(configured);
            NDArray x = manager.zeros(new Shape(1, 16, 160, 160));
            IntraOpThreads.forMemoryPass(x, x.size());
            assertThat(JniUtils.getNumThreads()).isEqualTo(1);
            IntraOpThreads.forMemoryPass(x, x.size() + 1);
            assertThat(JniUtils.getNumThreads()).isEqualTo(configured);
            IntraOpThreads.forConvolution(manager.zeros(new Shape(1, 16, 10, 10)));
        } finally {
            InferenceThreads.exit();
        }
        assertThat(JniUtils.getNumThreads()).isEqualTo(configured);
    }

    @Test
    void passesRunningAtOnceShareTheConfiguredThreads() throws Exception {
        InferenceThreads.enter();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray large = manager.zeros(new Shape(1, 16, 320, 320));
            IntraOpThreads.forConvolution(large);
            assertThat(JniUtils.getNumThreads()).as("alone").isEqualTo(configured);
            // Another pass, on another thread, is running meanwhile.
            Thread other = new Thread(InferenceThreads::enter);
            other.start();
            other.join();
            try {
                IntraOpThreads.forConvolution(large);
                assertThat(JniUtils.getNumThreads()).as("with another pass").isEqualTo(Math.max(1, configured / 2));
                IntraOpThreads.forMemoryPass(large, large.size());
                assertThat(JniUtils.getNumThreads()).isEqualTo(Math.max(1, configured / 2));
            } finally {
                Thread done = new Thread(InferenceThreads::exit);
                done.start();
                done.join();
            }
            IntraOpThreads.forConvolution(large);
            assertThat(JniUtils.getNumThreads()).as("alone again").isEqualTo(configured);
        } finally {
            InferenceThreads.exit();
        }
    }
}
