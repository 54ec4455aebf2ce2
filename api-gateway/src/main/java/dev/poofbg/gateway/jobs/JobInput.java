package dev.poofbg.gateway.jobs;

import dev.poofbg.common.image.ImageHeader;

import java.nio.file.Path;

/** A validated input: an uploaded file already sniffed, or an http(s) URL the worker will fetch. */
public sealed interface JobInput {

    record Upload(Path file, ImageHeader header) implements JobInput {
    }

    record Url(String url) implements JobInput {
    }
}
