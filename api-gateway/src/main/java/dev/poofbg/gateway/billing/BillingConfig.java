package dev.poofbg.gateway.billing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the gateway talks to billing's internal API. The base URL is {@code quarkus.rest-client.billing.url}. */
@ConfigMapping(prefix = "poof.billing")
public interface BillingConfig {

    /** Shared bearer token of the internal API (env {@code POOF_INTERNAL_TOKEN}); deliberately no default. */
    String internalToken();

    /** Longest wait for one attempt of one call; a request never waits on billing for much longer. */
    @WithDefault("2s")
    Duration timeout();

    /**
     * Longest wait for a dashboard call that hashes or checks a password (sign-up, sign-in, password change): argon2 is
     * deliberately slow, and slower still on a billing replica that has just started.
     */
    @WithDefault("10s")
    Duration passwordTimeout();

    /** How old the credits_remaining shown on a job read may be; polling then stays off billing. */
    @WithDefault("2s")
    Duration creditsCacheTtl();
}
