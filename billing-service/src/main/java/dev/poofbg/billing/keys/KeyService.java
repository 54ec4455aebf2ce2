package dev.poofbg.billing.keys;

import dev.poofbg.billing.accounts.Account;
import dev.poofbg.common.Base62;
import dev.poofbg.common.billing.KeyIdentity;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.keys.ApiKeys;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** API keys: created with a fresh secret shown once, stored as SHA-256, verified by hash, revoked for good. */
@ApplicationScoped
public class KeyService {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_NAME = 100;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(KeyService.class);

    private final Clock clock;

    public KeyService(Clock clock) {
        this.clock = clock;
    }

    @WithTransaction
    public Uni<KeyViews.Created> create(String accountId, String name) {
        String label = name == null || name.isBlank() ? "default" : name.strip();
        if (label.length() > MAX_NAME) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_REQUEST,
                    "name must be at most " + MAX_NAME + " characters"));
        }
        return requireAccount(accountId).chain(account -> {
            String secret = ApiKeys.generate();
            ApiKey key = new ApiKey();
            key.id = "key_" + Base62.random(RANDOM, 24);
            key.accountId = account.id;
            key.keyHash = ApiKeys.hash(secret);
            key.prefix = ApiKeys.displayPrefix(secret);
            key.name = label;
            key.createdAt = clock.instant();
            // Audit without the secret: the key's id only.
            return key.persist()
                    .invoke(() -> LOG.infof("Key %s created for account %s", key.id, key.accountId))
                    .replaceWith(new KeyViews.Created(key.id, secret, key.prefix, key.name, key.accountId, key.createdAt));
        });
    }

    @WithSession
    public Uni<List<KeyViews.Listed>> list(String accountId) {
        return requireAccount(accountId).chain(account -> ApiKey.<ApiKey>list("accountId = ?1 order by createdAt, id", account.id))
                .map(keys -> keys.stream().map(KeyViews.Listed::of).toList());
    }

    /** Revokes a key; revoking it again keeps the first revocation time. */
    @WithTransaction
    public Uni<KeyViews.Listed> revoke(String keyId) {
        return ApiKey.<ApiKey>findById(keyId)
                .onItem().ifNull().failWith(() -> new ApiException(ErrorCode.NOT_FOUND, "Key not found"))
                .map(key -> {
                    if (key.revokedAt == null) {
                        key.revokedAt = clock.instant();
                        LOG.infof("Key %s of account %s revoked", key.id, key.accountId);
                    }
                    return KeyViews.Listed.of(key);
                });
    }

    /** Who a key (given by its SHA-256) belongs to; NOT_FOUND when unknown or revoked. */
    @WithSession
    public Uni<KeyIdentity> verify(String keyHash) {
        String hash = keyHash == null ? "" : keyHash.toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(hash).matches()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_REQUEST,
                    "key_hash must be a SHA-256 in hexadecimal"));
        }
        return ApiKey.<ApiKey>find("keyHash = ?1 and revokedAt is null", hash).firstResult()
                .onItem().ifNull().failWith(KeyService::unknownKey)
                .chain(key -> Account.<Account>findById(key.accountId)
                        .map(account -> new KeyIdentity(account.id, key.id, account.plan.id(),
                                account.plan.requestsPerMinute())));
    }

    private static Uni<Account> requireAccount(String accountId) {
        return Account.<Account>findById(accountId)
                .onItem().ifNull().failWith(() -> new ApiException(ErrorCode.NOT_FOUND, "Account not found"));
    }

    private static ApiException unknownKey() {
        return new ApiException(ErrorCode.NOT_FOUND, "Unknown or revoked key");
    }
}
