package dev.poofbg.worker.storage;

/** Object storage failed after retries. Internal: never shown to customers as is. */
public class StorageException extends Exception {
    public StorageException(String operation, Throwable cause) {
        super("object storage: " + operation + " failed: " + cause.getMessage(), cause);
    }
}
