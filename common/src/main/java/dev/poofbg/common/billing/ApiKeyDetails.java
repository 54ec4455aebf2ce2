package dev.poofbg.common.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * An API key as listed: never the secret, only its display prefix. {@code lastUsedAt} is when the gateway last
 * accepted it, to within the gateway's flush interval (it reports use in batches, not per request).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApiKeyDetails(String id, String prefix, String name, String accountId, Instant createdAt,
                            Instant lastUsedAt, Instant revokedAt) {

    /** Active keys per account: enough for every environment and service, few enough to audit. */
    public static final int MAX_ACTIVE_PER_ACCOUNT = 20;

    public boolean active() {
        return revokedAt == null;
    }

    /** A list of keys, oldest first. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Page(List<ApiKeyDetails> data) {
    }

    /** A key just created: the only answer that ever carries the plaintext {@code key}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Created(String id, String key, String prefix, String name, String accountId, Instant createdAt) {
    }

    /** The body that creates a key; without a name the key is called "default". */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CreateRequest(String name) {
    }
}
