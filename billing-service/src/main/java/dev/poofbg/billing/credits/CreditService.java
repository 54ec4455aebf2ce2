package dev.poofbg.billing.credits;

import dev.poofbg.billing.accounts.Account;
import dev.poofbg.common.JobIds;
import dev.poofbg.common.billing.Reservation;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

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
        Instant now = clock.instant();
        return CreditReservation.<CreditReservation>findById(jobId, LockModeType.PESSIMISTIC_WRITE).chain(reservation -> {
            if (reservation == null) {
                return Uni.createFrom().item(new Settlement(jobId, Settlement.Result.UNKNOWN, 0));
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
            return reservation.persist()
                    .chain(() -> charge.entry().persist())
                    .invoke(() -> accepted.increment())
                    .replaceWith(new Reservation(jobId, Balances.creditsRemaining(account)));
        }).orElseGet(() -> {
            insufficient.increment();
            return Uni.createFrom().failure(new ApiException(ErrorCode.INSUFFICIENT_CREDITS, "Insufficient credits"));
        });
    }

    private Uni<Reservation> repeat(Account account, CreditReservation existing) {
        if (!existing.accountId.equals(account.id)) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_REQUEST,
                    "job_id is already reserved by another account"));
        }
        repeated.increment();
        return Uni.createFrom().item(new Reservation(existing.jobId, Balances.creditsRemaining(account)));
    }

    private Uni<Settlement> counted(Settlement settlement) {
        settlements.get(settlement.result()).increment();
        return Uni.createFrom().item(settlement);
    }
}
