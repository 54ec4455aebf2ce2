package dev.poofbg.gateway.dashboard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The dashboard's sessions and sign-in throttles (docs/dashboard.md). */
@ConfigMapping(prefix = "poof.dashboard")
public interface DashboardConfig {

    /** A session unused this long ends. */
    @WithDefault("30m")
    Duration sessionIdleTimeout();

    /** A session ends this long after sign-in, however busy. */
    @WithDefault("12h")
    Duration sessionAbsoluteTimeout();

    /** Marks the cookies {@code Secure}: set it where TLS ends at an ingress in front of the gateway. */
    @WithDefault("false")
    boolean secureCookies();

    /** Failed sign-ins allowed per e-mail address, and per client address, within {@link #throttleWindow()}. */
    @WithDefault("5")
    int maxFailedLoginsPerEmail();

    @WithDefault("30")
    int maxFailedLoginsPerAddress();

    /** Sign-ups allowed per client address, and attempts per e-mail address, within {@link #throttleWindow()}. */
    @WithDefault("20")
    int maxSignupsPerAddress();

    @WithDefault("5")
    int maxSignupsPerEmail();

    @WithDefault("15m")
    Duration throttleWindow();

    /** Jobs per page of the jobs list, entries per page of the ledger. */
    @WithDefault("20")
    int pageSize();
}
