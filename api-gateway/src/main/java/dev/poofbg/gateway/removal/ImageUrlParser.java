package dev.poofbg.gateway.removal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.net.UrlRules;
import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.gateway.jobs.JobInput;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code {"image_url": "...", "webhook_url": "...", ...output options}} strictly (no trailing data, no
 * duplicate keys, no unknown keys) and accepts only URLs that obey {@link UrlRules}, before anything is charged. Whether the address is safe to fetch is the
 * worker's decision, made when it resolves the host (and again for every redirect).
 */
@ApplicationScoped
public class ImageUrlParser {

    static final String FIELD = "image_url";
    static final String WEBHOOK_FIELD = "webhook_url";

    private final ObjectReader reader;
    private final UrlRules rules;

    public ImageUrlParser(ObjectMapper mapper, InputConfig config) {
        this.reader = mapper.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.rules = new UrlRules(config.maxUrlLength());
    }

    /**
     * The JSON body's {@code image_url}, its output options, and its {@code webhook_url} (null when absent; checked by
     * the caller).
     */
    public record UrlRequest(JobInput.Url input, OutputOptions options, String webhookUrl) {
    }

    public UrlRequest parse(byte[] body) {
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
        JsonNode webhook = root.get(WEBHOOK_FIELD);
        if (webhook != null && !webhook.isNull() && !webhook.isTextual()) {
            throw invalid("webhook_url must be a string");
        }
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        OutputOptionFields.refuseUnknown(names, List.of(FIELD, WEBHOOK_FIELD));
        OutputOptions options = OutputOptionFields.parse(name -> scalar(root, name));
        return new UrlRequest(new JobInput.Url(checkUrl(field.asText())), options,
                webhook == null || webhook.isNull() ? null : webhook.asText());
    }

    /** An option's value as text: strings, booleans ({@code "crop": true}) and numbers ({@code "crop_margin": 30}). */
    private static String scalar(JsonNode root, String name) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw invalid(name + " must be a string, a number or a boolean");
        }
        return value.asText();
    }

    private String checkUrl(String url) {
        try {
            rules.check(url);
        } catch (UrlRules.UrlRefusedException e) {
            throw invalid(FIELD + " " + e.getMessage());
        }
        return url;
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_REQUEST, message);
    }
}
