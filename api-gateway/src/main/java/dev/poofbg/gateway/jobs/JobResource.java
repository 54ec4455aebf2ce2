package dev.poofbg.gateway.jobs;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.gateway.access.CurrentCaller;
import dev.poofbg.gateway.openapi.ApiDocs;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import java.util.regex.Pattern;

@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
@SecurityRequirement(name = ApiDocs.BEARER)
public class JobResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    /** Deep OFFSET scans cost the database more than they give a client; page by time instead. */
    static final int MAX_OFFSET = 100_000;
    private static final Pattern NUMBER = Pattern.compile("\\d{1,9}");

    private final JobReader jobs;
    private final CurrentCaller caller;

    public JobResource(JobReader jobs, CurrentCaller caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One job's status and result", description = "Poll this after a 202.")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    public Uni<JobView> get(@RestPath String id) {
        return jobs.get(id, caller.accountId());
    }

    @GET
    @Operation(summary = "The account's recent jobs, newest first")
    @APIResponse(responseCode = "200", description = "One page of jobs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobPage.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "429", ref = ApiDocs.RATE_LIMITED)
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Page size, 1 to 100",
            schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20", minimum = "1", maximum = "100"))
    @Parameter(name = "offset", in = ParameterIn.QUERY, description = "Jobs to skip, 0 to 100000",
            schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0", minimum = "0", maximum = "100000"))
    public Uni<JobPage> list(@Context UriInfo uri) {
        // Read raw: "limit=" must be refused like any other non-number, not taken as absent.
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        int pageSize = parse("limit", query.getFirst("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
        int skip = parse("offset", query.getFirst("offset"), 0, 0, MAX_OFFSET);
        return jobs.list(caller.accountId(), pageSize, skip);
    }

    static int parse(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (!NUMBER.matcher(value).matches()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, name + " must be an integer from " + min + " to " + max);
        }
        int number = Integer.parseInt(value);
        if (number < min || number > max) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, name + " must be an integer from " + min + " to " + max);
        }
        return number;
    }
}
