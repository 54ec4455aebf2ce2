package dev.poofbg.gateway.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** Webhook endpoints and their deliveries (docs/webhooks.md). */
@ConfigMapping(prefix = "poof.webhooks")
public interface WebhooksConfig {

    /**
     * 32 bytes, base64: the AES-256-GCM key that encrypts signing secrets at rest. Changing it makes every stored
     * secret unreadable (endpoints must then be registered again).
     */
    String encryptionKey();

    /**
     * Lets endpoints use plain http and loopback addresses, for the local platform and tests only. Private,
     * link-local and metadata addresses stay refused whatever this says.
     */
    @WithDefault("false")
    boolean allowLoopback();

    /**
     * Waits before the attempts after the first (the Standard Webhooks schedule: about 27 hours in all); after the
     * last one the delivery is failed.
     */
    @WithDefault("5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** One attempt's limit, connection and answer included. */
    @WithDefault("15s")
    Duration timeout();

    /** How often each replica looks for deliveries that are due. */
    @WithDefault("1s")
    Duration interval();

    /** Deliveries one replica claims per look; they are sent concurrently. */
    @WithDefault("32")
    int batchSize();

    /** How long a rotated-out secret still signs beside the new one. */
    @WithDefault("24h")
    Duration rotationOverlap();

    @WithDefault("10")
    int maxEndpoints();

    /** Attempts kept per endpoint, newest first (GET /v1/webhooks/{id}/attempts). */
    @WithDefault("100")
    int attemptsKept();

    /** Finished deliveries (and their attempts) older than this are deleted. */
    @WithDefault("30d")
    Duration retention();

    /** Whether this replica sends deliveries (the API works either way). */
    @WithDefault("true")
    boolean dispatch();
}
