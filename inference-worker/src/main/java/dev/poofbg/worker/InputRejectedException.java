package dev.poofbg.worker;

/**
 * The job's input cannot be processed (unsupported, corrupt, too large, refused URL...). The message
 * is written for customers: it ends up in the job's {@code error} field, so it never carries internals.
 */
public class InputRejectedException extends Exception {
    public InputRejectedException(String message) {
        super(message);
    }

    public InputRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
