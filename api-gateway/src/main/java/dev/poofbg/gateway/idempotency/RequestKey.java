package dev.poofbg.gateway.idempotency;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.output.OutputOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An {@code Idempotency-Key} as a request sent it, with the fingerprint of the request (what it asks for: the
 * uploaded bytes or the URL, its output options and its webhook_url), so that the same key with another request is told apart from a retry.
 */
public record RequestKey(String value, String fingerprint) {

    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_LENGTH = 255;

    /** The header's value, null when the request sent none, {@code INVALID_REQUEST} when it is not a valid key. */
    public static String validate(String header) {
        if (header == null) {
            return null;
        }
        if (header.isEmpty() || header.length() > MAX_LENGTH || !header.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            throw new ApiException(ErrorCode.INVALID_REQUEST,
                    HEADER + " must be 1 to " + MAX_LENGTH + " printable ASCII characters");
        }
        return header;
    }

    /** File I/O: off the event loop. */
    public static RequestKey forUpload(String key, Path file, OutputOptions options, String webhookUrl) {
        MessageDigest digest = sha256();
        digest.update("upload\n".getBytes(StandardCharsets.US_ASCII));
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RequestKey(key, digestHex(digest, options, webhookUrl));
    }

    public static RequestKey forUrl(String key, String url, OutputOptions options, String webhookUrl) {
        MessageDigest digest = sha256();
        digest.update(("url\n" + url).getBytes(StandardCharsets.UTF_8));
        return new RequestKey(key, digestHex(digest, options, webhookUrl));
    }

    /**
     * The output options (as applied: "jpg" and "jpg with white" ask for the same) and the request's own webhook are
     * part of what it asks for; a request with neither hashes as it always did.
     */
    private static String digestHex(MessageDigest digest, OutputOptions options, String webhookUrl) {
        if (!options.equals(OutputOptions.DEFAULT)) {
            digest.update(("\noptions\n" + options.applied()).getBytes(StandardCharsets.UTF_8));
        }
        if (webhookUrl != null) {
            digest.update(("\nwebhook_url\n" + webhookUrl).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
