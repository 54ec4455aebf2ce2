package dev.poofbg.common;

import java.security.SecureRandom;

/** Uniformly random base62 strings (rejection sampling, so no character is favoured). */
public final class Base62 {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Base62() {
    }

    public static String random(SecureRandom random, int length) {
        StringBuilder out = new StringBuilder(length);
        byte[] buffer = new byte[length * 2];
        while (out.length() < length) {
            random.nextBytes(buffer);
            for (int i = 0; i < buffer.length && out.length() < length; i++) {
                int value = buffer[i] & 0xFF;
                if (value < 248) { // 248 = 4 * 62: keeps the distribution uniform
                    out.append(ALPHABET[value % 62]);
                }
            }
        }
        return out.toString();
    }
}
