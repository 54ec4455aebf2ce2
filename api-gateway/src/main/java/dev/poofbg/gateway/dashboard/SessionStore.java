package dev.poofbg.gateway.dashboard;

import dev.poofbg.common.billing.DashboardUser;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Server-side dashboard sessions in the gateway's PostgreSQL. The cookie holds 32 random bytes; the table holds their
 * SHA-256. A session ends when it has been idle for the idle timeout, at the absolute timeout, or when its row is
 * deleted. "Last seen" is written at most once a minute per session, not on every page.
 */
@ApplicationScoped
public class SessionStore {

    private static final Logger LOG = Logger.getLogger(SessionStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final Pool pool;
    private final Clock clock;
    private final DashboardConfig config;

    public SessionStore(Pool pool, Clock clock, DashboardConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
    }

    /** A signed-in session: the user it belongs to and the token its forms must carry. */
    public record Session(String tokenHash, String userId, String accountId, String csrfToken, Instant createdAt,
                          Instant passwordChangedAt) {
    }

    /** A new session for the user; the answer's first element is the cookie's value, shown nowhere else. */
    public Uni<Opened> open(DashboardUser user) {
        String token = randomToken();
        String csrf = randomToken();
        Instant now = clock.instant();
        // PostgreSQL keeps microseconds: the time is stored and compared at that precision.
        Instant passwordChangedAt = user.passwordChangedAt() == null ? null
                : user.passwordChangedAt().truncatedTo(ChronoUnit.MICROS);
        Session session = new Session(hash(token), user.id(), user.accountId(), csrf, now, passwordChangedAt);
        return pool.preparedQuery("insert into dashboard_sessions (token_hash, user_id, account_id, csrf_token,"
                        + " created_at, last_seen_at, expires_at, password_changed_at) values ($1, $2, $3, $4, $5, $5, $6, $7)")
                .execute(Tuple.from(Arrays.asList(session.tokenHash(), user.id(), user.accountId(), csrf,
                        utc(now), utc(now.plus(config.sessionAbsoluteTimeout())),
                        passwordChangedAt == null ? null : utc(passwordChangedAt))))
                .replaceWith(new Opened(token, session));
    }

    public record Opened(String cookieValue, Session session) {
    }

    /** The live session the cookie names, or null (unknown, idle too long, past its absolute expiry). */
    public Uni<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.length() != 43) {
            return Uni.createFrom().nullItem();
        }
        Instant now = clock.instant();
        return pool.preparedQuery("select * from dashboard_sessions where token_hash = $1 and expires_at > $2"
                        + " and last_seen_at > $3")
                .execute(Tuple.of(hash(cookieValue), utc(now), utc(now.minus(config.sessionIdleTimeout()))))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    Row row = rows.iterator().next();
                    OffsetDateTime changed = row.getOffsetDateTime("password_changed_at");
                    Session session = new Session(row.getString("token_hash"), row.getString("user_id"),
                            row.getString("account_id"), row.getString("csrf_token"),
                            row.getOffsetDateTime("created_at").toInstant(), changed == null ? null : changed.toInstant());
                    Instant lastSeen = row.getOffsetDateTime("last_seen_at").toInstant();
                    if (lastSeen.plus(TOUCH_INTERVAL).isAfter(now)) {
                        return Uni.createFrom().item(session);
                    }
                    return pool.preparedQuery("update dashboard_sessions set last_seen_at = $2 where token_hash = $1")
                            .execute(Tuple.of(session.tokenHash(), utc(now))).replaceWith(session);
                });
    }

    public Uni<Void> end(Session session) {
        return pool.preparedQuery("delete from dashboard_sessions where token_hash = $1")
                .execute(Tuple.of(session.tokenHash())).replaceWithVoid();
    }

    /** Ends every session of the user but {@code keep} (null for all): after a password change. */
    public Uni<Void> endForUser(String userId, Session keep) {
        return pool.preparedQuery("delete from dashboard_sessions where user_id = $1 and token_hash <> $2")
                .execute(Tuple.of(userId, keep == null ? "" : keep.tokenHash()))
                .invoke(rows -> LOG.infof("Ended %d other session(s) of user %s", rows.rowCount(), userId))
                .replaceWithVoid();
    }

    /** Ends every session of every user of the account: on suspension. */
    public Uni<Void> endForAccount(String accountId) {
        return pool.preparedQuery("delete from dashboard_sessions where account_id = $1")
                .execute(Tuple.of(accountId))
                .invoke(rows -> LOG.infof("Ended %d session(s) of account %s", rows.rowCount(), accountId))
                .replaceWithVoid();
    }

    /** Expired rows serve no one; any replica may delete them. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeExpired() {
        Instant now = clock.instant();
        return pool.preparedQuery("delete from dashboard_sessions where expires_at <= $1 or last_seen_at <= $2")
                .execute(Tuple.of(utc(now), utc(now.minus(config.sessionIdleTimeout()))))
                .onFailure().invoke(failure -> LOG.debugf("Session purge skipped: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
