package dev.poofbg.gateway.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Idempotency keys (prefix {@code poof.idempotency}). */
@ConfigMapping(prefix = "poof.idempotency")
public interface IdempotencyConfig {

    /** How long a key is kept: a retry within it gets the same job. */
    @WithDefault("24h")
    Duration retention();

    /**
     * Longer than an acceptance can take (billing's timeouts, storing the upload, the broker's acknowledgement):
     * a key still being accepted after this long belonged to a gateway that died, and a retry takes it over.
     */
    @WithDefault("60s")
    Duration takeOverAfter();
}
