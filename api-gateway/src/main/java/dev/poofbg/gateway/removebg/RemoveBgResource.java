package dev.poofbg.gateway.removebg;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.poofbg.common.net.UrlRules;
import dev.poofbg.gateway.access.CurrentCaller;
import dev.poofbg.gateway.billing.BillingClient;
import dev.poofbg.gateway.openapi.ApiDocs;
import dev.poofbg.gateway.removal.InputConfig;
import dev.poofbg.gateway.removal.RemoveBackgroundResource;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * remove.bg's API served by PoofBG, so that its clients work with only their base URL changed:
 * {@code POST /v1.0/removebg} (multipart, form or JSON; synchronous) and {@code GET /v1.0/account}. Authenticated and
 * rate-limited as the rest of the public API, with {@code X-Api-Key} as well as a bearer key; every error in
 * remove.bg's shape. docs/removebg-migration.md is the reference.
 */
@Path("/v1.0")
@Tag(name = "remove.bg compatibility")
@SecurityRequirement(name = ApiDocs.API_KEY)
public class RemoveBgResource {

    private static final String RESULT_TYPES = "image/png, image/jpeg, image/webp, application/zip";

    private final RemoveBgService removals;
    private final BillingClient billing;
    private final CurrentCaller caller;
    private final UrlRules urls;
    private final ObjectReader json;

    public RemoveBgResource(RemoveBgService removals, BillingClient billing, CurrentCaller caller, InputConfig input,
                            ObjectMapper mapper) {
        this.removals = removals;
        this.billing = billing;
        this.caller = caller;
        this.urls = new UrlRules(input.maxUrlLength());
        this.json = mapper.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    @POST
    @Path("/removebg")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(operationId = "removebgMultipart", summary = "remove.bg: remove the background (multipart)",
            description = "remove.bg's parameters as form fields, the image as the file part image_file (or"
                    + " image_file_b64 / image_url). Answers with the result itself, or remove.bg's JSON with"
                    + " Accept: application/json. See docs/removebg-migration.md.")
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = Parameters.class)))
    @APIResponse(responseCode = "200", description = "The result (" + RESULT_TYPES + ") or remove.bg's JSON",
            content = {@Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RemoveBgViews.Result.class))})
    @APIResponse(responseCode = "400", ref = ApiDocs.REMOVEBG_ERROR)
    @APIResponse(responseCode = "402", ref = ApiDocs.REMOVEBG_ERROR)
    @APIResponse(responseCode = "403", ref = ApiDocs.REMOVEBG_ERROR)
    @APIResponse(responseCode = "429", ref = ApiDocs.REMOVEBG_ERROR)
    @APIResponse(responseCode = "503", ref = ApiDocs.REMOVEBG_ERROR)
    public Uni<Response> multipart(@RestForm(FileUpload.ALL) List<FileUpload> files, MultipartFormDataInput form,
                                   @RestHeader(HttpHeaders.ACCEPT) String accept) {
        String accountId = caller.accountId();
        Map<String, Collection<FormValue>> fields = form.getValues();
        List<FileUpload> images = files.stream().filter(file -> RemoveBgParameters.IMAGE_FILE.equals(file.name()))
                .toList();
        if (images.size() > 1) {
            throw RemoveBgRefusal.invalid("Send exactly one image_file");
        }
        RemoveBgParameters.Source.File image = images.isEmpty() ? null
                : new RemoveBgParameters.Source.File(images.get(0).uploadedFile(), images.get(0).size());
        List<String> names = new ArrayList<>(fields.keySet());
        RemoveBgParameters.Request request = RemoveBgParameters.parse(names, name -> name.equals(
                RemoveBgParameters.IMAGE_FILE) && image != null ? null : text(fields, name), image, urls);
        return removals.remove(accountId, request, wantsJson(accept));
    }

    @POST
    @Path("/removebg")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "removebgForm", summary = "remove.bg: remove the background (form)",
            description = "remove.bg's parameters form-encoded, the image as image_file_b64 or image_url.")
    @APIResponse(responseCode = "200", description = "The result (" + RESULT_TYPES + ") or remove.bg's JSON")
    @APIResponse(responseCode = "400", ref = ApiDocs.REMOVEBG_ERROR)
    @APIResponse(responseCode = "402", ref = ApiDocs.REMOVEBG_ERROR)
    @APIResponse(responseCode = "403", ref = ApiDocs.REMOVEBG_ERROR)
    @APIResponse(responseCode = "429", ref = ApiDocs.REMOVEBG_ERROR)
    @APIResponse(responseCode = "503", ref = ApiDocs.REMOVEBG_ERROR)
    public Uni<Response> form(MultivaluedMap<String, String> form, @RestHeader(HttpHeaders.ACCEPT) String accept) {
        String accountId = caller.accountId();
        RemoveBgParameters.Request request = RemoveBgParameters.parse(new ArrayList<>(form.keySet()), name -> {
            List<String> values = form.get(name);
            if (values == null || values.isEmpty()) {
                return null;
            }
            if (values.size() > 1) {
                throw RemoveBgRefusal.invalid("Send " + name + " once");
            }
            return values.get(0);
        }, null, urls);
        return removals.remove(accountId, request, wantsJson(accept));
    }

    @POST
    @Path("/removebg")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "removebgJson", summary = "remove.bg: remove the background (JSON)",
            description = "remove.bg's parameters as a JSON object, the image as image_file_b64 or image_url.")
    @APIResponse(responseCode = "200", description = "The result (" + RESULT_TYPES + ") or remove.bg's JSON")
    @APIResponse(responseCode = "400", ref = ApiDocs.REMOVEBG_ERROR)
    @APIResponse(responseCode = "402", ref = ApiDocs.REMOVEBG_ERROR)
    @APIResponse(responseCode = "403", ref = ApiDocs.REMOVEBG_ERROR)
    @APIResponse(responseCode = "429", ref = ApiDocs.REMOVEBG_ERROR)
    @APIResponse(responseCode = "503", ref = ApiDocs.REMOVEBG_ERROR)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Parameters.class)))
    public Uni<Response> json(RoutingContext context, @RestHeader(HttpHeaders.ACCEPT) String accept) {
        String accountId = caller.accountId();
        JsonNode root;
        try {
            // JsonBodyRoute has read the body (within the request limit); RESTEasy's byte[] reader garbles a pre-read
            // body over 16 KB, so it is taken from the route as it arrived.
            root = json.readTree(context.body().buffer().getBytes());
        } catch (IOException e) {
            throw RemoveBgRefusal.invalid("Malformed JSON body");
        }
        if (root == null || !root.isObject()) {
            throw RemoveBgRefusal.invalid("The body must be a JSON object");
        }
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        RemoveBgParameters.Request request = RemoveBgParameters.parse(names, name -> {
            JsonNode value = root.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isValueNode()) {
                throw RemoveBgRefusal.invalid(name + " must be a string, a number or a boolean");
            }
            return value.asText();
        }, null, urls);
        return removals.remove(accountId, request, wantsJson(accept));
    }

    @GET
    @Path("/account")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "removebgAccount", summary = "remove.bg: the account's credits",
            description = "total and subscription are the account's balance (-1 on unlimited plans); payg,"
                    + " enterprise and free_calls are 0.")
    @APIResponse(responseCode = "200", description = "The account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RemoveBgViews.Account.class)))
    @APIResponse(responseCode = "403", ref = ApiDocs.REMOVEBG_ERROR)
    @APIResponse(responseCode = "429", ref = ApiDocs.REMOVEBG_ERROR)
    @APIResponse(responseCode = "503", ref = ApiDocs.REMOVEBG_ERROR)
    public Uni<RemoveBgViews.Account> account() {
        return billing.summary(caller.accountId()).map(RemoveBgViews.Account::of);
    }

    @ServerExceptionMapper
    public Response refusal(RemoveBgRefusal refusal) {
        Response.ResponseBuilder response = Response.status(refusal.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(refusal.body());
        refusal.headers().forEach(response::header);
        return response.build();
    }

    /** remove.bg answers JSON when asked for it, the image otherwise. */
    private static boolean wantsJson(String accept) {
        return accept != null && accept.contains(MediaType.APPLICATION_JSON) && !accept.contains("image/");
    }

    /** A text field's value; null when absent, refused when sent as a file or twice. */
    private static String text(Map<String, Collection<FormValue>> fields, String name) {
        return RemoveBackgroundResource.textField(fields, name, RemoveBgRefusal::invalid);
    }

    /** Documentation only: remove.bg's parameters. */
    @Schema(name = "RemoveBgParameters")
    public static class Parameters {
        @Schema(name = "image_file", type = SchemaType.STRING, format = "binary",
                description = "The image (multipart only): JPEG, PNG or WebP, at most 10 MB")
        public String imageFile;
        @Schema(name = "image_file_b64", description = "The image in base64 (the request body's 10 MB limit holds)")
        public String imageFileB64;
        @Schema(name = "image_url", description = "http or https URL of a JPEG or PNG")
        public String imageUrl;
        @Schema(enumeration = {"preview", "full", "auto", "small", "regular", "medium", "hd", "4k", "50MP"},
                defaultValue = "preview", description = "preview (0.25 MP), medium (1.5 MP), hd (4 MP); full and"
                + " auto: the input's resolution")
        public String size;
        @Schema(enumeration = {"auto", "png", "jpg", "webp", "zip"}, defaultValue = "auto",
                description = "auto: jpg when a background fills the result, else png; zip: color.jpg + alpha.png")
        public String format;
        @Schema(enumeration = {"rgba", "alpha"}, defaultValue = "rgba")
        public String channels;
        @Schema(name = "bg_color", description = "Hex (81d4fa, fff, with or without #, with alpha) or a colour name")
        public String bgColor;
        @Schema(name = "bg_image_url", description = "Background image URL, fetched under image_url's rules, scaled"
                + " to cover the result")
        public String bgImageUrl;
        @Schema(defaultValue = "false", description = "Crop to the subject")
        public String crop;
        @Schema(name = "crop_margin", defaultValue = "0", description = "One, two or four lengths (px or %), at most"
                + " 500 px or 50% each")
        public String cropMargin;
        @Schema(defaultValue = "0% 0% 100% 100%", description = "Region of interest x1 y1 x2 y2 (px or %): only it"
                + " is segmented")
        public String roi;
        @Schema(defaultValue = "original", description = "The subject's size on the canvas, 10% to 100%")
        public String scale;
        @Schema(defaultValue = "original", description = "original, center, or x% [y%] (implied center when scaled)")
        public String position;
        @Schema(enumeration = {"auto", "person", "product", "animal", "car", "transportation", "graphics", "other"},
                defaultValue = "auto", description = "Accepted without effect; answered in X-Type")
        public String type;
        @Schema(name = "type_level", description = "Accepted without effect")
        public String typeLevel;
        @Schema(name = "add_shadow", description = "Accepted without effect")
        public String addShadow;
        @Schema(name = "shadow_type", description = "Accepted without effect")
        public String shadowType;
        @Schema(name = "shadow_opacity", description = "Accepted without effect")
        public String shadowOpacity;
        @Schema(description = "Accepted without effect (edges are always semi-transparent where the model says so)")
        public String semitransparency;
    }
}
