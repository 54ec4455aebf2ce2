package dev.poofbg.common.keys;

import dev.poofbg.common.Base62;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The API key format ({@code pk_live_} + 40 base62 characters) and its at-rest form: only the
 * SHA-256 of the whole key and a short display prefix are ever stored.
 */
public final class ApiKeys {
    public static final String PREFIX = "pk_live_";
    private static final int SECRET_LENGTH = 40;
    private static final int DISPLAY_PREFIX_LENGTH = PREFIX.length() + 6;
    /** Accepts 32 to 64 secret characters, so a future longer format stays valid. */
    private static final Pattern FORMAT = Pattern.compile("pk_live_[0-9A-Za-z]{32,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate() {
        return PREFIX + Base62.random(RANDOM, SECRET_LENGTH);
    }

    public static boolean isWellFormed(String key) {
        return key != null && FORMAT.matcher(key).matches();
    }

    /** Lower-case hex SHA-256 of the key: what billing stores and what the gateway looks keys up by. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The part of a key that may be shown again after creation, e.g. {@code pk_live_a1B2c3}. */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, key.length()));
    }
}
