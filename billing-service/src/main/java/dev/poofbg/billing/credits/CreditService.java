package dev.poofbg.billing.credits;

import dev.poofbg.billing.accounts.Account;
import dev.poofbg.common.JobIds;
import dev.poofbg.common.billing.Reservation;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.JDBCException;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reservations and their settlement: one credit per job id, taken atomically, kept when the job
 * completes, refunded when it fails or is released, never both and never twice.
 */
@Startup // registers its meters at start-up, so dashboards see zeros rather than nothing
@ApplicationScoped
public class CreditService {

    private final Clock clock;
    private final AccountLocks accounts;
    private static final String UNIQUE_VIOLATION = "23505";

    private final Counter accepted;
    private final Counter repeated;
    private final Counter insufficient;
    private final Map<Settlement.Result, Counter> settlements = new EnumMap<>(Settlement.Result.class);

    public CreditService(Clock clock, AccountLocks accounts, MeterRegistry metrics) {
        this.clock = clock;
        this.accounts = accounts;
        this.accepted = metrics.counter("billing.reservations", "outcome", "accepted");
        this.repeated = metrics.counter("billing.reservations", "outcome", "repeated");
        this.insufficient = metrics.counter("billing.reservations", "outcome", "insufficient_credits");
        for (Settlement.Result result : Settlement.Result.values()) {
            settlements.put(result, metrics.counter("billing.settlements", "result", result.name().toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * Reserves one credit for {@code jobId}. Repeating the call for the same job returns the current
     * balance without charging again: under the account's row lock, a committed reservation of the
     * same job id is always visible.
     */
    @WithTransaction
    public Uni<Reservation> reserve(String jobId, String accountId) {
        if (!JobIds.isWellFormed(jobId)) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_REQUEST, "job_id is not a valid job id"));
        }
        if (accountId == null || accountId.isBlank()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_REQUEST, "account_id is required"));
        }
        Instant now = clock.instant();
        return accounts.lockAndRenew(accountId, now).chain(account -> CreditReservation.<CreditReservation>findById(jobId)
                .chain(existing -> existing == null ? charge(account, jobId, now) : repeat(account, existing)));
    }

    /** Settles a job's reservation: the first terminal outcome wins, later ones change nothing. */
    @WithTransaction
    public Uni<Settlement> settle(String jobId, boolean keep) {
        return settleLocked(jobId, keep, clock.instant());
    }

    /**
     * Refunds the reservation of a job the gateway could not submit: the same path as a failed event.
     * When no reservation exists yet (the gateway gave up on a slow reservation call), a VOID row
     * takes the job id. The primary key arbitrates a concurrent reservation: {@code ON CONFLICT DO
     * NOTHING} waits for it, and if it committed, it is refunded like any other.
     */
    @WithTransaction
    public Uni<Settlement> release(String jobId) {
        if (!JobIds.isWellFormed(jobId)) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_REQUEST, "not a valid job id"));
        }
        Instant now = clock.instant();
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("insert into reservations (job_id, state, period_id, created_at)"
                                + " values (:jobId, 'VOID', 0, :now) on conflict (job_id) do nothing")
                        .setParameter("jobId", jobId)
                        .setParameter("now", now)
                        .executeUpdate())
                .chain(inserted -> inserted == 1
                        ? counted(new Settlement(jobId, Settlement.Result.VOIDED, 0))
                        : settleLocked(jobId, false, now));
    }

    private Uni<Settlement> settleLocked(String jobId, boolean keep, Instant now) {
        return CreditReservation.<CreditReservation>findById(jobId, LockModeType.PESSIMISTIC_WRITE).chain(reservation -> {
            if (reservation == null) {
                return counted(new Settlement(jobId, Settlement.Result.UNKNOWN, 0));
            }
            if (reservation.state == ReservationState.VOID) {
                return counted(new Settlement(jobId, Settlement.Result.VOIDED, 0));
            }
            return accounts.lockAndRenew(reservation.accountId, now).chain(account -> {
                if (reservation.state != ReservationState.RESERVED) {
                    return counted(new Settlement(jobId, Settlement.Result.ALREADY_SETTLED, Balances.creditsRemaining(account)));
                }
                reservation.settledAt = now;
                if (keep) {
                    reservation.state = ReservationState.KEPT;
                    return counted(new Settlement(jobId, Settlement.Result.KEPT, Balances.creditsRemaining(account)));
                }
                reservation.state = ReservationState.REFUNDED;
                return Balances.refund(account, reservation, now).persist().chain(() ->
                        counted(new Settlement(jobId, Settlement.Result.REFUNDED, Balances.creditsRemaining(account))));
            });
        });
    }

    private Uni<Reservation> charge(Account account, String jobId, Instant now) {
        return Balances.charge(account, jobId, now).map(charge -> {
            CreditReservation reservation = new CreditReservation();
            reservation.jobId = jobId;
            reservation.accountId = account.id;
            reservation.bucket = charge.bucket();
            reservation.periodId = charge.periodId();
            reservation.state = ReservationState.RESERVED;
            reservation.createdAt = now;
            // Flushed here so that losing the job id to a concurrent release surfaces as a clear answer.
            return reservation.persistAndFlush()
                    .onFailure(CreditService::isUniqueViolation).transform(e -> new ApiException(ErrorCode.INVALID_REQUEST,
                            "job_id was released before it was reserved"))
                    .chain(() -> charge.entry().persist())
                    .invoke(() -> accepted.increment())
                    .replaceWith(new Reservation(jobId, Balances.creditsRemaining(account)));
        }).orElseGet(() -> {
            insufficient.increment();
            return Uni.createFrom().failure(new ApiException(ErrorCode.INSUFFICIENT_CREDITS, "Insufficient credits"));
        });
    }

    private Uni<Reservation> repeat(Account account, CreditReservation existing) {
        if (existing.state == ReservationState.VOID) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_REQUEST,
                    "job_id was released before it was reserved"));
        }
        if (!existing.accountId.equals(account.id)) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_REQUEST,
                    "job_id is already reserved by another account"));
        }
        repeated.increment();
        return Uni.createFrom().item(new Reservation(existing.jobId, Balances.creditsRemaining(account)));
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String state = t instanceof JDBCException jdbc ? jdbc.getSQLState()
                    : t instanceof SQLException sql ? sql.getSQLState()
                    : t instanceof PgException pg ? pg.getSqlState() : null;
            if (UNIQUE_VIOLATION.equals(state)) {
                return true;
            }
        }
        return false;
    }

    private Uni<Settlement> counted(Settlement settlement) {
        settlements.get(settlement.result()).increment();
        return Uni.createFrom().item(settlement);
    }
}
