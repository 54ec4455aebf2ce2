package dev.poofbg.worker.storage;

/** What the completed event needs about a stored result, kept as the object's metadata. */
public record StoredResult(int width, int height, long processingMs) {
}
