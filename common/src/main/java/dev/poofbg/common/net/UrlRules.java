package dev.poofbg.common.net;

import okhttp3.HttpUrl;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a URL the platform fetches on a customer's behalf must look like before any address is looked up:
 * the {@code image_url} of a request, and every redirect it leads to. An absolute http(s) URL with an
 * explicit, non-empty authority, no credentials, no control characters, within a length limit. Parsed with
 * OkHttp's parser, the one the worker fetches with, so that the gateway and the worker agree on what the URL
 * is. Where the URL may then connect is {@link AddressPolicy}'s decision.
 */
public final class UrlRules {

    private final int maxLength;

    public UrlRules(int maxLength) {
        this.maxLength = maxLength;
    }

    /**
     * The parsed URL, or a {@link UrlRefusedException} whose message says what is wrong in words fit for the
     * customer, to follow the URL's name ("image_url " + message).
     */
    public HttpUrl check(String url) {
        if (url.length() > maxLength) {
            throw new UrlRefusedException("is longer than " + maxLength + " characters");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == 0x7F) {
                throw new UrlRefusedException("contains spaces or control characters");
            }
        }
        // JSON lets a string carry a lone surrogate, which no URL can hold and no encoder can write.
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(url)) {
            throw new UrlRefusedException("is not a valid URL");
        }
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UrlRefusedException("must be an http or https URL");
        }
        // OkHttp reads "http:///x.jpg" and "http:x.jpg" as the host x.jpg: an authority must be written out.
        String rest = url.substring(colon + 1);
        if (!rest.startsWith("//") || rest.length() == 2 || "/?#".indexOf(rest.charAt(2)) >= 0) {
            throw new UrlRefusedException("must name a host (http://host/...)");
        }
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null || parsed.host().isEmpty()) {
            throw new UrlRefusedException("is not a valid URL");
        }
        if (!parsed.username().isEmpty() || !parsed.password().isEmpty() || rest.substring(2).split("[/?#]", 2)[0].contains("@")) {
            throw new UrlRefusedException("must not carry credentials");
        }
        return parsed;
    }

    /** A URL refused by these rules; the message is fit for the customer. */
    public static final class UrlRefusedException extends RuntimeException {
        UrlRefusedException(String message) {
            super(message);
        }
    }
}
