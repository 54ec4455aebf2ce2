package dev.poofbg.billing.credits;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The one credit held for one job; its primary key (the job id) makes reserving idempotent. */
@Entity
@Table(name = "reservations")
public class CreditReservation extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public String jobId;

    /** Null only for a VOID reservation. */
    @Column(name = "account_id")
    public String accountId;

    /** Null only for a VOID reservation. */
    @Enumerated(EnumType.STRING)
    public Bucket bucket;

    /** The account's period when the credit was taken: a monthly refund only returns into that period. */
    @Column(name = "period_id", nullable = false)
    public int periodId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ReservationState state;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "settled_at")
    public Instant settledAt;
}
