package dev.poofbg.gateway.openapi;

import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.common.error.RemoveBgErrors;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;

/**
 * The document at /q/openapi: the bearer scheme and the contract's error responses, defined once
 * and referenced by name from the resources. (MicroProfile OpenAPI reads the definition from the
 * JAX-RS Application class; with no overrides it keeps every resource.)
 */
@OpenAPIDefinition(
        info = @Info(title = "PoofBG API", version = "1",
                description = "Background removal. Each removal costs 1 credit; errors share one JSON shape."),
        servers = @Server(url = "/"),
        components = @Components(
                securitySchemes = {
                        @SecurityScheme(securitySchemeName = ApiDocs.BEARER, type = SecuritySchemeType.HTTP,
                                scheme = "bearer", bearerFormat = "pk_live_<secret>"),
                        @SecurityScheme(securitySchemeName = ApiDocs.API_KEY, type = SecuritySchemeType.APIKEY,
                                in = SecuritySchemeIn.HEADER, apiKeyName = "X-Api-Key",
                                description = "remove.bg's header, for /v1.0 (a bearer key works there too)")},
                responses = {
                        @APIResponse(name = ApiDocs.INVALID_REQUEST, responseCode = "400",
                                description = "INVALID_REQUEST, INVALID_IMAGE_TYPE or FILE_TOO_LARGE",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(implementation = ErrorBody.class),
                                        examples = @ExampleObject(name = "invalid", value =
                                                "{\"error\":{\"message\":\"Missing file\",\"code\":\"INVALID_REQUEST\"}}"))),
                        @APIResponse(name = ApiDocs.UNAUTHORIZED, responseCode = "401",
                                description = "UNAUTHORIZED: missing, malformed, unknown or revoked key",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = ApiDocs.INSUFFICIENT_CREDITS, responseCode = "402",
                                description = "INSUFFICIENT_CREDITS",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = ApiDocs.FORBIDDEN, responseCode = "403",
                                description = "FORBIDDEN: the job belongs to another account",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = ApiDocs.NOT_FOUND, responseCode = "404", description = "NOT_FOUND",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = ApiDocs.IDEMPOTENCY_KEY_IN_USE, responseCode = "409",
                                description = "IDEMPOTENCY_KEY_IN_USE: a request with this Idempotency-Key is still being accepted",
                                headers = @Header(name = "Retry-After", description = "Seconds to wait: 1",
                                        schema = @Schema(implementation = Integer.class)),
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = ApiDocs.UNSUPPORTED_MEDIA_TYPE, responseCode = "415",
                                description = "INVALID_REQUEST: the body is neither multipart/form-data nor JSON",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = ApiDocs.RATE_LIMITED, responseCode = "429",
                                description = "RATE_LIMITED: over the plan's requests per minute",
                                headers = @Header(name = "Retry-After", description = "Seconds until a request is allowed",
                                        schema = @Schema(implementation = Integer.class)),
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = ApiDocs.REMOVEBG_ERROR, responseCode = "400",
                                description = "remove.bg's error shape (the /v1.0 endpoints); the codes are in"
                                        + " docs/removebg-migration.md",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(implementation = RemoveBgErrors.class),
                                        examples = @ExampleObject(name = "no source", value = "{\"errors\":[{\"title\":"
                                                + "\"No image given\",\"code\":\"missing_source\",\"detail\":\"Send the"
                                                + " image as image_file, image_file_b64 or image_url\"}]}"))),
                        @APIResponse(name = ApiDocs.UNAVAILABLE, responseCode = "503",
                                description = "SERVICE_UNAVAILABLE: a dependency is down; nothing was charged",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(implementation = ErrorBody.class)))
                }))
public class ApiDocs extends Application {

    public static final String BEARER = "bearer";
    public static final String INVALID_REQUEST = "InvalidRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String INSUFFICIENT_CREDITS = "InsufficientCredits";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
    public static final String IDEMPOTENCY_KEY_IN_USE = "IdempotencyKeyInUse";
    public static final String RATE_LIMITED = "RateLimited";
    public static final String UNAVAILABLE = "Unavailable";
    public static final String API_KEY = "apiKey";
    public static final String REMOVEBG_ERROR = "RemoveBgError";
}
