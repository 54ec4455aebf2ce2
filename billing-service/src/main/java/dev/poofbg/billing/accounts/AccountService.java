package dev.poofbg.billing.accounts;

import dev.poofbg.billing.credits.AccountLocks;
import dev.poofbg.billing.credits.Balances;
import dev.poofbg.billing.credits.LedgerEntry;
import dev.poofbg.billing.plans.Plan;
import dev.poofbg.common.Base62;
import dev.poofbg.common.billing.AccountSummary;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Accounts: creation, plan changes, purchases and the balances they show. */
@ApplicationScoped
public class AccountService {

    /** Deliberately loose: one @, no spaces; the real check is the mail the owner receives. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_EMAIL = 320;
    private static final long MAX_PURCHASE = 1_000_000;
    private static final int MAX_REFERENCE = 100;
    public static final int SEARCH_LIMIT = 50;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(AccountService.class);

    private final Clock clock;
    private final AccountLocks accounts;

    public AccountService(Clock clock, AccountLocks accounts) {
        this.clock = clock;
        this.accounts = accounts;
    }

    @WithTransaction
    public Uni<Account> create(String plan, String email) {
        Plan chosen = Plan.fromId(plan).orElse(null);
        if (chosen == null) {
            return Uni.createFrom().failure(Plan.invalid());
        }
        try {
            requireEmail(email);
        } catch (ApiException invalid) {
            return Uni.createFrom().failure(invalid);
        }
        Instant now = clock.instant();
        Account account = new Account();
        account.id = "acct_" + Base62.random(RANDOM, 24);
        account.email = email;
        account.createdAt = now;
        // No plan yet: applying the chosen one grants its credits like any plan change.
        var entries = Balances.applyPlan(account, chosen, now);
        return account.persistAndFlush().chain(() -> LedgerEntry.append(entries)).replaceWith(account)
                .invoke(() -> LOG.infof("Account %s created on plan %s", account.id, chosen.id()));
    }

    /** Fails with INVALID_REQUEST unless {@code email} looks like an e-mail address. */
    public static void requireEmail(String email) {
        if (email == null || email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "email must be an e-mail address");
        }
    }

    /**
     * Accounts whose id is {@code query} or whose e-mail address contains it (case-insensitive), newest first; at
     * most {@value #SEARCH_LIMIT}.
     */
    @WithSession
    public Uni<List<Account>> search(String query) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || q.length() > MAX_EMAIL) {
            return Account.<Account>find("order by createdAt desc, id").range(0, SEARCH_LIMIT - 1).list();
        }
        String pattern = "%" + q.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        return Account.<Account>find("id = ?1 or lower(email) like ?2 order by createdAt desc, id", q, pattern)
                .range(0, SEARCH_LIMIT - 1).list();
    }

    /** Suspends or reinstates an account: a suspended account's keys are refused and its users cannot sign in. */
    @WithTransaction
    public Uni<Account> setSuspended(String accountId, Boolean suspended) {
        if (suspended == null) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_REQUEST, "suspended must be true or false"));
        }
        Instant now = clock.instant();
        return accounts.lockAndRenew(accountId, now).invoke(account -> {
            if (suspended != (account.suspendedAt != null)) {
                account.suspendedAt = suspended ? now : null;
                account.updatedAt = now;
                LOG.infof("Account %s %s", account.id, suspended ? "suspended" : "reinstated");
            }
        });
    }

    @WithTransaction
    public Uni<Account> find(String accountId) {
        return accounts.current(accountId, clock.instant());
    }

    @WithTransaction
    public Uni<AccountSummary> summary(String accountId) {
        return accounts.current(accountId, clock.instant()).map(Balances::summary);
    }

    @WithTransaction
    public Uni<Account> changePlan(String accountId, String plan) {
        Plan chosen = Plan.fromId(plan).orElse(null);
        if (chosen == null) {
            return Uni.createFrom().failure(Plan.invalid());
        }
        Instant now = clock.instant();
        return accounts.lockAndRenew(accountId, now)
                .call(account -> LedgerEntry.append(Balances.applyPlan(account, chosen, now)))
                .invoke(account -> LOG.infof("Account %s now on plan %s", account.id, chosen.id()));
    }

    /**
     * Adds purchased credits to the prepaid balance; they never expire. With a {@code reference}, a
     * repeated call (a retry after a lost response) adds nothing: the account's row lock makes the
     * check and the insert atomic, and a unique index backs it.
     */
    @WithTransaction
    public Uni<Account> purchase(String accountId, Long credits, String reference) {
        if (credits == null || credits < 1 || credits > MAX_PURCHASE) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_REQUEST,
                    "credits must be an integer from 1 to " + MAX_PURCHASE));
        }
        if (reference != null && (reference.isBlank() || reference.length() > MAX_REFERENCE)) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_REQUEST,
                    "reference must be 1 to " + MAX_REFERENCE + " characters"));
        }
        Instant now = clock.instant();
        return accounts.lockAndRenew(accountId, now).call(account -> alreadyPurchased(account, reference)
                .chain(repeated -> {
                    if (repeated) {
                        LOG.infof("Account %s: purchase %s already recorded, nothing added", account.id, reference);
                        return Uni.createFrom().voidItem();
                    }
                    return Balances.purchase(account, credits, reference, now).persist()
                            .invoke(() -> LOG.infof("Account %s bought %d credits", account.id, credits))
                            .replaceWithVoid();
                }));
    }

    private static Uni<Boolean> alreadyPurchased(Account account, String reference) {
        if (reference == null) {
            return Uni.createFrom().item(false);
        }
        return LedgerEntry.count("accountId = ?1 and reference = ?2", account.id, reference).map(count -> count > 0);
    }
}
