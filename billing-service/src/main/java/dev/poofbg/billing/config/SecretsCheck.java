package dev.poofbg.billing.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Refuses to start with a token short enough to guess; missing tokens already fail config validation. */
@Singleton
public class SecretsCheck {

    static final int MIN_TOKEN_LENGTH = 16;

    void check(@Observes StartupEvent event, BillingConfig config) {
        require("POOF_ADMIN_TOKEN", config.adminToken());
        require("POOF_INTERNAL_TOKEN", config.internalToken());
        if (config.adminToken().equals(config.internalToken())) {
            throw new IllegalStateException("POOF_ADMIN_TOKEN and POOF_INTERNAL_TOKEN must differ");
        }
    }

    private static void require(String name, String token) {
        if (token.strip().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalStateException(name + " must be at least " + MIN_TOKEN_LENGTH + " characters");
        }
    }
}
