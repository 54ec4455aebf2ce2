package dev.poofbg.gateway.dashboard;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ExpireArgs;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Throttles password guessing and mass sign-up, in Redis so that every gateway replica counts together: failed
 * sign-ins per e-mail address and per client address, sign-ups per client address and per e-mail address, each in a
 * fixed window. Without
 * Redis the throttle lets requests through (and says so in the log): argon2's cost still bounds guessing, and a
 * Redis outage must not lock every customer out of the dashboard.
 */
@ApplicationScoped
public class SignInThrottle {

    private static final Logger LOG = Logger.getLogger(SignInThrottle.class);
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);
    private static final String PREFIX = "poof:dashboard:throttle:";

    private final ReactiveValueCommands<String, Long> counters;
    private final ReactiveKeyCommands<String> keys;
    private final DashboardConfig config;

    public SignInThrottle(ReactiveRedisDataSource redis, DashboardConfig config) {
        this.counters = redis.value(Long.class);
        this.keys = redis.key();
        this.config = config;
    }

    /** A counter and the most it may reach within the window. */
    public record Limit(String key, int max) {
    }

    public Limit failedLoginsFor(String email) {
        return new Limit(PREFIX + "login:email:" + SessionStore.hash(email.strip().toLowerCase(Locale.ROOT)),
                config.maxFailedLoginsPerEmail());
    }

    public Limit failedLoginsFrom(String address) {
        return new Limit(PREFIX + "login:addr:" + address, config.maxFailedLoginsPerAddress());
    }

    public Limit signupsFor(String email) {
        return new Limit(PREFIX + "signup:email:" + SessionStore.hash(email.strip().toLowerCase(Locale.ROOT)),
                config.maxSignupsPerEmail());
    }

    public Limit signupsFrom(String address) {
        return new Limit(PREFIX + "signup:addr:" + address, config.maxSignupsPerAddress());
    }

    /**
     * Counts this attempt against each limit before the attempt is made, so that guesses sent in parallel are counted
     * too, and answers how long until the first exceeded limit frees up ({@link Duration#ZERO}: go ahead). Every
     * count also sets the window's expiry unless one is set, so a counter can never outlive its window.
     */
    public Uni<Duration> attempt(List<Limit> limits) {
        Uni<Duration> longest = Uni.createFrom().item(Duration.ZERO);
        for (Limit limit : limits) {
            longest = longest.chain(sofar -> counters.incr(limit.key())
                    .call(() -> keys.pexpire(limit.key(), config.throttleWindow(), new ExpireArgs().nx()))
                    .chain(count -> count <= limit.max()
                            ? Uni.createFrom().item(sofar)
                            : keys.pttl(limit.key()).map(ms -> max(sofar, Duration.ofMillis(ms > 0 ? ms : 1000)))));
        }
        return longest.ifNoItem().after(REDIS_TIMEOUT).fail().onFailure().recoverWithItem(failure -> {
            LOG.warnf("Sign-in throttle unavailable (%s): letting the request through", failure.getMessage());
            return Duration.ZERO;
        });
    }

    /**
     * A successful sign-in (or password check): the e-mail's counter starts again, and the attempt is taken back from
     * the address's, when one was counted (an office signing in all day is not guessing).
     */
    public Uni<Void> succeeded(Limit email, Limit address) {
        Uni<Void> cleared = keys.del(email.key()).replaceWithVoid();
        if (address != null) {
            cleared = cleared.chain(() -> counters.decr(address.key())).replaceWithVoid();
        }
        return cleared.ifNoItem().after(REDIS_TIMEOUT).fail().onFailure().recoverWithNull();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
