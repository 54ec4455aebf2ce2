package dev.poofbg.gateway.storage;

/** The object store refused or could not be reached. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
