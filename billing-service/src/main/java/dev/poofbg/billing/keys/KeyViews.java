package dev.poofbg.billing.keys;

import dev.poofbg.common.billing.ApiKeyDetails;

/** What billing shows of a stored key: never its hash. */
final class KeyViews {

    private KeyViews() {
    }

    static ApiKeyDetails listed(ApiKey key) {
        return new ApiKeyDetails(key.id, key.prefix, key.name, key.accountId, key.createdAt, key.lastUsedAt,
                key.revokedAt);
    }
}
