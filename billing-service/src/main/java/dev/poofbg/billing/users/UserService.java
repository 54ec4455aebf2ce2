package dev.poofbg.billing.users;

import dev.poofbg.billing.accounts.Account;
import dev.poofbg.billing.accounts.AccountService;
import dev.poofbg.common.Base62;
import dev.poofbg.common.billing.DashboardUser;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Dashboard users: sign-up (a Free account and its owner), sign-in by e-mail and password, password changes, and the
 * operator role. E-mail addresses are unique whatever their case. Passwords are hashed before any transaction opens,
 * so no connection waits on argon2.
 */
@ApplicationScoped
public class UserService {

    public static final int MIN_PASSWORD = 10;
    /** Bounds the work one request can ask of argon2; no real passphrase comes near it. */
    public static final int MAX_PASSWORD = 1024;
    private static final String SIGNUP_PLAN = "free";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(UserService.class);

    private final Clock clock;
    private final AccountService accounts;
    private final PasswordHasher hasher;

    public UserService(Clock clock, AccountService accounts, PasswordHasher hasher) {
        this.clock = clock;
        this.accounts = accounts;
        this.hasher = hasher;
    }

    /** A new Free account with its owner. */
    public Uni<DashboardUser> signUp(DashboardUser.Credentials credentials) {
        return create(credentials, false);
    }

    /** A user with a new Free account of its own, optionally an operator (the admin API's way to make operators). */
    public Uni<DashboardUser> create(DashboardUser.Credentials credentials, boolean operator) {
        String email = email(credentials);
        String password = newPassword(credentials == null ? null : credentials.password());
        return hasher.hash(password).chain(hash -> Panache.withTransaction(() -> requireUnused(email)
                .chain(() -> accounts.create(SIGNUP_PLAN, email))
                .chain(account -> {
                    Instant now = clock.instant();
                    User user = new User();
                    user.id = "usr_" + Base62.random(RANDOM, 24);
                    user.accountId = account.id;
                    user.email = email;
                    user.passwordHash = hash;
                    user.operator = operator;
                    user.createdAt = now;
                    user.passwordChangedAt = now;
                    return user.persistAndFlush().replaceWith(user);
                })))
                .onFailure(UserService::isDuplicateEmail).transform(failure -> emailTaken())
                .invoke(user -> LOG.infof("User %s created for account %s%s", user.id, user.accountId,
                        operator ? " (operator)" : ""))
                .chain(this::view);
    }

    /** The user with this e-mail and password; UNAUTHORIZED otherwise, in the same time whichever part was wrong. */
    public Uni<DashboardUser> authenticate(DashboardUser.Credentials credentials) {
        String email = credentials == null || credentials.email() == null ? "" : credentials.email().strip();
        String password = credentials == null || credentials.password() == null ? "" : credentials.password();
        if (password.length() > MAX_PASSWORD) {
            return Uni.createFrom().failure(wrongCredentials());
        }
        return Panache.withSession(() -> findByEmail(email))
                .chain(user -> hasher.matches(password, user == null ? null : user.passwordHash)
                        .chain(matched -> matched ? view(user) : Uni.createFrom().failure(wrongCredentials())));
    }

    public Uni<DashboardUser> get(String userId) {
        return Panache.withSession(() -> User.<User>findById(userId))
                .onItem().ifNull().failWith(UserService::notFound)
                .chain(this::view);
    }

    public Uni<List<DashboardUser>> ofAccount(String accountId) {
        return Panache.withSession(() -> Account.<Account>findById(accountId)
                .onItem().ifNull().failWith(dev.poofbg.billing.credits.AccountLocks::notFound)
                .chain(account -> User.<User>list("accountId = ?1 order by createdAt, id", accountId)
                        .map(users -> users.stream().map(user -> view(user, account)).toList())));
    }

    /** Changes the password when the current one is right; sessions opened before the change stop being valid. */
    public Uni<DashboardUser> changePassword(String userId, DashboardUser.PasswordChange change) {
        String current = change == null || change.currentPassword() == null ? "" : change.currentPassword();
        String next = newPassword(change == null ? null : change.newPassword());
        return Panache.withSession(() -> User.<User>findById(userId))
                .onItem().ifNull().failWith(UserService::notFound)
                .chain(user -> hasher.matches(current.length() > MAX_PASSWORD ? "" : current, user.passwordHash))
                .chain(matched -> matched ? hasher.hash(next)
                        : Uni.createFrom().failure(new ApiException(ErrorCode.UNAUTHORIZED, "The current password is wrong")))
                .chain(hash -> Panache.withTransaction(() -> User.<User>findById(userId).onItem().ifNull()
                        .failWith(UserService::notFound).invoke(user -> {
                            user.passwordHash = hash;
                            user.passwordChangedAt = clock.instant();
                        })))
                .invoke(user -> LOG.infof("User %s changed their password", user.id))
                .chain(this::view);
    }

    /** Grants or withdraws the operator role; only the admin API calls this, never sign-up. */
    public Uni<DashboardUser> setOperator(String email, Boolean operator) {
        if (operator == null) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_REQUEST, "operator must be true or false"));
        }
        return Panache.withTransaction(() -> findByEmail(email == null ? "" : email.strip())
                .onItem().ifNull().failWith(UserService::notFound)
                .invoke(user -> user.operator = operator))
                .invoke(user -> LOG.infof("User %s is %s an operator", user.id, operator ? "now" : "no longer"))
                .chain(this::view);
    }

    private Uni<DashboardUser> view(User user) {
        return Panache.withSession(() -> Account.<Account>findById(user.accountId)).map(account -> view(user, account));
    }

    private static DashboardUser view(User user, Account account) {
        return new DashboardUser(user.id, user.email, user.accountId, user.operator, account.suspendedAt != null,
                user.createdAt, user.passwordChangedAt);
    }

    private static Uni<User> findByEmail(String email) {
        // Both sides folded by PostgreSQL, as the unique index on lower(email) folds them.
        return User.<User>find("lower(email) = lower(?1)", email).firstResult();
    }

    private static Uni<Void> requireUnused(String email) {
        return findByEmail(email).invoke(existing -> {
            if (existing != null) {
                throw emailTaken();
            }
        }).replaceWithVoid();
    }

    private static String email(DashboardUser.Credentials credentials) {
        String email = credentials == null || credentials.email() == null ? "" : credentials.email().strip();
        AccountService.requireEmail(email);
        return email;
    }

    private static String newPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new ApiException(ErrorCode.INVALID_REQUEST,
                    "The password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
        }
        return password;
    }

    /** The unique index decides a race between two sign-ups with one address. */
    private static boolean isDuplicateEmail(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains("users_email_idx")) {
                return true;
            }
        }
        return false;
    }

    private static ApiException emailTaken() {
        return new ApiException(ErrorCode.INVALID_REQUEST, "An account with this e-mail address already exists");
    }

    private static ApiException wrongCredentials() {
        return new ApiException(ErrorCode.UNAUTHORIZED, "Wrong e-mail address or password");
    }

    private static ApiException notFound() {
        return new ApiException(ErrorCode.NOT_FOUND, "User not found");
    }
}
