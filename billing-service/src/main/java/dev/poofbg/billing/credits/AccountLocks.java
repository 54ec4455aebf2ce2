package dev.poofbg.billing.credits;

import dev.poofbg.billing.accounts.Account;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;

/**
 * Loads accounts for balance changes. Every change of an account's balances happens under its row
 * lock ({@code SELECT ... FOR UPDATE}), so concurrent reservations, refunds, purchases and renewals
 * serialise per account. Callers run inside a transaction.
 */
@ApplicationScoped
public class AccountLocks {

    /** The account, locked until the transaction ends, with its monthly period brought up to date. */
    public Uni<Account> lockAndRenew(String accountId, Instant now) {
        return Account.<Account>findById(accountId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(AccountLocks::notFound)
                .call(account -> LedgerEntry.append(Balances.renewIfDue(account, now)));
    }

    /** The account for reading; takes the lock only in the rare case its period must be renewed. */
    public Uni<Account> current(String accountId, Instant now) {
        return Account.<Account>findById(accountId)
                .onItem().ifNull().failWith(AccountLocks::notFound)
                .call(account -> Balances.renewalDue(account, now)
                        ? Panache.getSession()
                                .chain(session -> session.refresh(account, LockModeType.PESSIMISTIC_WRITE))
                                .chain(() -> LedgerEntry.append(Balances.renewIfDue(account, now)))
                        : Uni.createFrom().voidItem());
    }

    public static ApiException notFound() {
        return new ApiException(ErrorCode.NOT_FOUND, "Account not found");
    }
}
