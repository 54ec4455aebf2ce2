package dev.poofbg.billing.keys;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An API key at rest: only its SHA-256 and a short display prefix, never the key itself. */
@Entity
@Table(name = "api_keys")
public class ApiKey extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(name = "key_hash", nullable = false, unique = true, columnDefinition = "char(64)")
    public String keyHash;

    @Column(nullable = false)
    public String prefix;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** When the gateway last accepted the key, to within its report interval. */
    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
