package dev.poofbg.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * Billing's own settings. The two tokens have no default on purpose: the service refuses to start
 * without them rather than run with a guessable secret.
 */
@ConfigMapping(prefix = "poof")
public interface BillingConfig {

    /** Bearer token of the admin API ({@code POOF_ADMIN_TOKEN}). */
    @WithName("admin-token")
    String adminToken();

    /** Bearer token of the internal API the gateway calls ({@code POOF_INTERNAL_TOKEN}). */
    @WithName("internal-token")
    String internalToken();
}
