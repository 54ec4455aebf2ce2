package dev.poofbg.gateway.jobs;

import dev.poofbg.common.output.OutputOptions;

/**
 * What a removal request asks for: the validated input, the output options (defaults included), and the URL of its own
 * webhook (null for none).
 */
public record Submission(JobInput input, OutputOptions options, String webhookUrl) {
}
