package dev.poofbg.common;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Job ids: {@code job_} followed by 24 random base62 characters (about 143 bits), unguessable. */
public final class JobIds {
    private static final String PREFIX = "job_";
    private static final int RANDOM_LENGTH = 24;
    private static final Pattern FORMAT = Pattern.compile("job_[0-9A-Za-z]{" + RANDOM_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    public static String newId() {
        return PREFIX + Base62.random(RANDOM, RANDOM_LENGTH);
    }

    public static boolean isWellFormed(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
