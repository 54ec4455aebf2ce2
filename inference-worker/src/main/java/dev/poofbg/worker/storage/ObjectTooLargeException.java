package dev.poofbg.worker.storage;

/** An object is larger than the caller accepts; retrying cannot help. */
public class ObjectTooLargeException extends StorageException {
    public ObjectTooLargeException(String key) {
        super("get " + key, new IllegalStateException("object exceeds the size limit"));
    }
}
