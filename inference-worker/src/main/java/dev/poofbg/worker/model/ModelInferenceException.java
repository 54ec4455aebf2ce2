package dev.poofbg.worker.model;

/** The model failed on an input (native error, unexpected output); the job fails, the worker keeps running. */
public class ModelInferenceException extends RuntimeException {

    public ModelInferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
