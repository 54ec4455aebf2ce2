package dev.poofbg.gateway.jobs;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Body of GET /v1/jobs. */
@Schema(name = "JobList")
public record JobPage(List<JobListItem> data, int limit, int offset) {
}
