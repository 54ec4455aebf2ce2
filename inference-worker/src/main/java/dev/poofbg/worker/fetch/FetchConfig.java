package dev.poofbg.worker.fetch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the worker fetches {@code image_url} inputs. */
@ConfigMapping(prefix = "poof.fetch")
public interface FetchConfig {
    /**
     * Lets URLs reach loopback addresses (127.0.0.0/8, ::1), for the local platform and tests only.
     * Private, link-local and metadata addresses stay refused whatever this says.
     */
    @WithDefault("false")
    boolean allowLoopback();

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

    /** Longest URL followed, the request's own and every redirect's (the gateway's limit for image_url). */
    @WithDefault("2048")
    int maxUrlLength();
}
