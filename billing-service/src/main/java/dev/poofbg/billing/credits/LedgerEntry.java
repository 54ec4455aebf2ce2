package dev.poofbg.billing.credits;

import dev.poofbg.billing.accounts.Account;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** One change of one balance, with both balances right after it. Append-only. */
@Entity
@Table(name = "ledger_entries")
public class LedgerEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public LedgerKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Bucket bucket;

    /** Signed change applied to {@link #bucket}. */
    @Column(nullable = false)
    public long amount;

    @Column(name = "monthly_after", nullable = false)
    public int monthlyAfter;

    @Column(name = "prepaid_after", nullable = false)
    public long prepaidAfter;

    @Column(name = "job_id")
    public String jobId;

    public String note;

    /** The operator's reference of a purchase; unique per account. */
    public String reference;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Persists entries in order; unlike Panache's {@code persist(Iterable)}, accepts an empty list. */
    public static Uni<Void> append(List<LedgerEntry> entries) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (LedgerEntry entry : entries) {
            chain = chain.chain(() -> entry.persist()).replaceWithVoid();
        }
        return chain;
    }

    /** Records a change already applied to {@code account}. */
    static LedgerEntry of(Account account, LedgerKind kind, Bucket bucket, long amount, String jobId, String note,
                          Instant at) {
        LedgerEntry entry = new LedgerEntry();
        entry.accountId = account.id;
        entry.kind = kind;
        entry.bucket = bucket;
        entry.amount = amount;
        entry.monthlyAfter = account.monthlyRemaining;
        entry.prepaidAfter = account.prepaidBalance;
        entry.jobId = jobId;
        entry.note = note;
        entry.createdAt = at;
        return entry;
    }
}
