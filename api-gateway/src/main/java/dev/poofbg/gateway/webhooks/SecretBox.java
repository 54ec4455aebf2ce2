package dev.poofbg.gateway.webhooks;

import jakarta.inject.Singleton;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Encrypts signing secrets for the database with AES-256-GCM: a dump of the table alone signs nothing. Stored as
 * {@code v1:} + base64(nonce || ciphertext and tag).
 */
@Singleton
public class SecretBox {

    private static final String VERSION = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(WebhooksConfig config) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(config.encryptionKey().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("poof.webhooks.encryption-key must be base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("poof.webhooks.encryption-key must be 32 bytes (base64 of "
                    + "`head -c 32 /dev/urandom`), not " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public String seal(String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return VERSION + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every Java platform", e);
        }
    }

    public String open(String stored) {
        if (!stored.startsWith(VERSION)) {
            throw new IllegalStateException("not a sealed webhook secret");
        }
        byte[] all = Base64.getDecoder().decode(stored.substring(VERSION.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a webhook secret cannot be decrypted: was poof.webhooks.encryption-key "
                    + "changed?", e);
        }
    }
}
