package dev.poofbg.billing.accounts;

import dev.poofbg.billing.plans.Plan;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A customer account and its two balances. Mutated only under a row lock (see CreditService). */
@Entity
@Table(name = "accounts")
public class Account extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String email;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Plan plan;

    /** Credits left in the current monthly period (Lite, Pro). */
    @Column(name = "monthly_remaining", nullable = false)
    public int monthlyRemaining;

    /** One-time grants plus purchases: never expire. */
    @Column(name = "prepaid_balance", nullable = false)
    public long prepaidBalance;

    @Column(name = "period_id", nullable = false)
    public int periodId;

    @Column(name = "period_start")
    public Instant periodStart;

    @Column(name = "period_end")
    public Instant periodEnd;

    @Column(name = "free_grant_done", nullable = false)
    public boolean freeGrantDone;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Set while an operator has suspended the account: its keys and dashboard sessions are refused. */
    @Column(name = "suspended_at")
    public Instant suspendedAt;
}
