package dev.poofbg.billing.users;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A dashboard user of one account. Only an argon2id hash of the password is stored. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(nullable = false)
    public String email;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(nullable = false)
    public boolean operator;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "password_changed_at", nullable = false)
    public Instant passwordChangedAt;
}
