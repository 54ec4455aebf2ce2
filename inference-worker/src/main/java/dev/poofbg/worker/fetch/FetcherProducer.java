package dev.poofbg.worker.fetch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

@ApplicationScoped
public class FetcherProducer {
    private static final Logger LOG = Logger.getLogger(FetcherProducer.class);

    @Produces
    @Singleton
    UrlFetcher fetcher(FetchConfig config) {
        if (config.allowLoopback()) {
            LOG.warn("poof.fetch.allow-loopback=true: image_url may reach loopback addresses; "
                    + "never enable this in production");
        }
        return UrlFetcher.create(config);
    }

    void close(@Disposes UrlFetcher fetcher) {
        fetcher.close();
    }
}
