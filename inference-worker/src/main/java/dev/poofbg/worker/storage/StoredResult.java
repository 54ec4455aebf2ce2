package dev.poofbg.worker.storage;

import dev.poofbg.common.output.OutputResult;

/** What the completed event needs about a stored result, kept as the object's metadata (and its size). */
public record StoredResult(OutputResult result, long processingMs) {
}
