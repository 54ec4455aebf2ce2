package dev.poofbg.worker.jobs;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Counts jobs in progress so that shutdown can let them finish. ShutdownEvent observers run before
 * the Kafka connector closes (it terminates on BeforeDestroyed), so the terminal events of jobs that
 * finish during the grace period are still sent and their offsets committed.
 */
@ApplicationScoped
public class InFlightJobs {
    private static final Logger LOG = Logger.getLogger(InFlightJobs.class);

    private final WorkerConfig config;
    private int running;
    private boolean draining;

    public InFlightJobs(WorkerConfig config) {
        this.config = config;
    }

    /** False once shutdown has begun: the job must be left for redelivery. */
    public synchronized boolean tryStart() {
        if (draining) {
            return false;
        }
        running++;
        return true;
    }

    public synchronized void finish() {
        running--;
        notifyAll();
    }

    void drain(@Observes ShutdownEvent event) throws InterruptedException {
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        synchronized (this) {
            draining = true;
            if (running > 0) {
                LOG.infof("shutdown: waiting up to %s for %d job(s) in progress", config.shutdownGrace(), running);
            }
            long left;
            while (running > 0 && (left = deadline - System.nanoTime()) > 0) {
                wait(Math.max(1, left / 1_000_000));
            }
            if (running > 0) {
                LOG.warnf("shutdown: %d job(s) still running after the grace period; they will be redelivered",
                        running);
            }
        }
    }
}
