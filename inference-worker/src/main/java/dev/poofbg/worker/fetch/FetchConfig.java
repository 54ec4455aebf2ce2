package dev.poofbg.worker.fetch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the worker fetches {@code image_url} inputs. */
@ConfigMapping(prefix = "poof.fetch")
public interface FetchConfig {
    /** Lets URLs reach loopback, private and link-local addresses. Local and test setups only. */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest silence between two reads. */
    @WithDefault("10s")
    Duration readTimeout();

    /** Whole fetch, redirects and body included. */
    @WithDefault("20s")
    Duration deadline();

    /** Largest body accepted, enforced while streaming (the contract's 10 MB). */
    @WithDefault("10485760")
    long maxBytes();

    @WithDefault("3")
    int maxRedirects();
}
