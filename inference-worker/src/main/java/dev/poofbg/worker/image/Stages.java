package dev.poofbg.worker.image;

/**
 * Marks the named stages of one job (reading the input, decoding, the model, encoding, storing), so that the worker
 * can time and trace each; {@link #UNTIMED} where nobody looks (unit tests, benchmarks).
 * <pre>{@code try (Stages.Stage ignored = stages.begin("decode")) { ... }}</pre>
 */
@FunctionalInterface
public interface Stages {

    Stages UNTIMED = stage -> () -> { };

    /** Begins a stage on this thread; it ends when the returned stage is closed, successful or not. */
    Stage begin(String stage);

    /** A stage under way. */
    @FunctionalInterface
    interface Stage extends AutoCloseable {
        @Override
        void close();
    }
}
