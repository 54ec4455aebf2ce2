package dev.poofbg.gateway.jobs;

/** What a removal request asks for: the validated input, and the URL of its own webhook (null for none). */
public record Submission(JobInput input, String webhookUrl) {
}
