package dev.poofbg.billing.keys;

import java.time.Instant;
import java.util.List;

/** What the admin API shows of keys. Only {@link Created} ever carries the plaintext key. */
public final class KeyViews {

    private KeyViews() {
    }

    public record Created(String id, String key, String prefix, String name, String accountId, Instant createdAt) {
    }

    public record Listed(String id, String prefix, String name, String accountId, Instant createdAt, Instant revokedAt) {

        static Listed of(ApiKey key) {
            return new Listed(key.id, key.prefix, key.name, key.accountId, key.createdAt, key.revokedAt);
        }
    }

    public record Page(List<Listed> data) {
    }

    public record CreateRequest(String name) {
    }
}
