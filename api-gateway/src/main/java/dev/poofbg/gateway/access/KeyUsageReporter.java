package dev.poofbg.gateway.access;

import dev.poofbg.common.billing.KeyUsage;
import dev.poofbg.gateway.billing.BillingClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each key was last accepted, for the dashboard's "last used": kept in memory and sent to billing in one batch
 * every {@code poof.auth.usage-report-interval} (and at shutdown), so that no API request costs a database write. A
 * batch billing did not take is merged back and sent with the next one.
 */
@ApplicationScoped
public class KeyUsageReporter {

    private static final Logger LOG = Logger.getLogger(KeyUsageReporter.class);
    /** Bounds memory if billing stays away: a key's latest use is all that is kept, so this is keys, not requests. */
    private static final int MAX_PENDING = 100_000;

    private final Map<String, Instant> pending = new ConcurrentHashMap<>();
    private final BillingClient billing;
    private final Clock clock;

    public KeyUsageReporter(BillingClient billing, Clock clock) {
        this.billing = billing;
        this.clock = clock;
    }

    public void used(String keyId) {
        if (keyId != null && (pending.size() < MAX_PENDING || pending.containsKey(keyId))) {
            pending.put(keyId, clock.instant());
        }
    }

    @Scheduled(every = "${poof.auth.usage-report-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> report() {
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Instant> batch = Map.copyOf(pending);
        // Only the times sent: a use recorded meanwhile stays for the next report.
        batch.forEach((key, at) -> pending.remove(key, at));
        List<KeyUsage.Use> uses = batch.entrySet().stream().map(e -> new KeyUsage.Use(e.getKey(), e.getValue())).toList();
        return billing.recordKeyUsage(new KeyUsage(uses))
                .onFailure().invoke(failure -> {
                    batch.forEach((key, at) -> pending.merge(key, at, (a, b) -> a.isAfter(b) ? a : b));
                    LOG.debugf("Key usage not reported (%s); kept for the next report", failure.getMessage());
                })
                .onFailure().recoverWithNull();
    }

    void flushAtShutdown(@Observes ShutdownEvent event) {
        try {
            report().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException timedOut) {
            LOG.infof("Key usage of %d key(s) not reported at shutdown: %s", pending.size(), timedOut.getMessage());
        }
    }
}
