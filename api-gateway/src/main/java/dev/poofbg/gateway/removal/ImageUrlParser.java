package dev.poofbg.gateway.removal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;

import okhttp3.HttpUrl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses {@code {"image_url": "..."}} strictly (no trailing data, no duplicate keys) and accepts only
 * absolute http(s) URLs with a host and no credentials. Whether the address is safe to fetch is the
 * worker's decision, made when it resolves the host.
 */
@ApplicationScoped
public class ImageUrlParser {

    static final String FIELD = "image_url";

    private final ObjectReader reader;
    private final InputConfig config;

    public ImageUrlParser(ObjectMapper mapper, InputConfig config) {
        this.reader = mapper.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.config = config;
    }

    public JobInput.Url parse(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : reader.readTree(body);
        } catch (IOException e) {
            throw invalid("Malformed JSON body");
        }
        if (root == null || root.isMissingNode()) {
            throw invalid("Empty body: send {\"image_url\": \"https://...\"}");
        }
        if (!root.isObject()) {
            throw invalid("The body must be a JSON object");
        }
        JsonNode field = root.get(FIELD);
        if (field == null || field.isNull()) {
            throw invalid("Missing field image_url");
        }
        if (!field.isTextual()) {
            throw invalid("image_url must be a string");
        }
        return new JobInput.Url(checkUrl(field.asText()));
    }

    private String checkUrl(String url) {
        if (url.length() > config.maxUrlLength()) {
            throw invalid("image_url is longer than " + config.maxUrlLength() + " characters");
        }
        // JSON lets a string carry a lone surrogate, which no URL can hold and no encoder can write.
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(url)) {
            throw invalid("image_url is not a valid URL");
        }
        String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')).strip().toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("image_url must be an http or https URL");
        }
        // The parser the worker fetches with, so that both agree on what the URL is (hosts with underscores or
        // non-ASCII letters included, which java.net.URI does not take for hosts).
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null || parsed.host().isEmpty()) {
            throw invalid("image_url is not a valid URL");
        }
        if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
            throw invalid("image_url must not carry credentials");
        }
        return url;
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_REQUEST, message);
    }
}
