package dev.poofbg.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole platform for the end-to-end suite: billing, worker and two gateway replicas (the second with a
 * short wait window) started from their packaged jars against the real local infrastructure, once per
 * test JVM, stopped when the suite ends. Register with {@code @ExtendWith(Platform.class)}.
 */
public final class Platform implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {
    static final String ADMIN_TOKEN = "e2e-admin-token-" + UUID.randomUUID();
    static final String INTERNAL_TOKEN = "e2e-internal-token-" + UUID.randomUUID();
    /** The second gateway answers 202 after this long, so slow jobs can be observed. */
    static final String SHORT_WAIT = "PT0.2S";
    /** Fixed: secrets stored by an earlier run on the same database stay readable. */
    static final String WEBHOOK_KEY = "ZTJlLW9ubHktd2ViaG9vay1lbmNyeXB0aW9uLWtleSE=";
    static final int WORKER_MAX_ATTEMPTS = 2;

    private static Platform running;

    ServiceProcess billing;
    ServiceProcess worker;
    ServiceProcess gateway;
    ServiceProcess shortWaitGateway;
    private Path repo;
    private Path logs;
    TraceReceiver traces;
    private Map<String, String> workerEnv;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (Platform.class) {
            if (running == null) {
                running = this;
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(Platform.class.getName(), this);
                startAll();
            }
        }
    }

    static Platform get() {
        if (running == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(Platform.class)");
        }
        return running;
    }

    String workerUrl() {
        return worker.baseUrl();
    }

    String apiUrl() {
        return gateway.baseUrl();
    }

    String shortWaitApiUrl() {
        return shortWaitGateway.baseUrl();
    }

    String adminUrl() {
        return billing.baseUrl();
    }

    private void startAll() throws Exception {
        requireInfrastructure();
        repo = Path.of(System.getProperty("poof.repo.dir", "../..")).toAbsolutePath().normalize();
        logs = repo.resolve("deploy/e2e-tests/target/e2e-logs");
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));

        traces = new TraceReceiver();
        Map<String, String> shared = new HashMap<>();
        // Every trace recorded and exported to the suite's own receiver (production keeps none unless asked).
        shared.put("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "1.0");
        shared.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", traces.endpoint());
        shared.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "500ms");
        shared.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        shared.put("POOF_STORAGE_ENDPOINT", "http://127.0.0.1:9000");
        shared.put("POOF_STORAGE_ACCESS_KEY", "poofbg-local");
        shared.put("POOF_STORAGE_SECRET_KEY", "poofbg-local-secret");
        shared.put("POOF_STORAGE_BUCKET", "poofbg");
        shared.put("POOF_INTERNAL_TOKEN", INTERNAL_TOKEN);
        shared.put("POOF_BILLING_INTERNAL_TOKEN", INTERNAL_TOKEN);

        Map<String, String> billingEnv = new HashMap<>(shared);
        billingEnv.put("POOF_ADMIN_TOKEN", ADMIN_TOKEN);
        billingEnv.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/poof_billing_e2e");
        billingEnv.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/poof_billing_e2e");
        billingEnv.putAll(consumerGroups("billing"));
        billing = ServiceProcess.start("billing-service", jar(repo, "billing-service"), freePort(), "384m",
                billingEnv, logs);

        workerEnv = new HashMap<>(shared);
        workerEnv.put("POOF_FETCH_ALLOW_LOOPBACK", "true");
        workerEnv.put("OMP_WAIT_POLICY", "PASSIVE");
        Path jemalloc = Path.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2");
        if (Files.exists(jemalloc)) {
            workerEnv.put("LD_PRELOAD", jemalloc.toString());
            workerEnv.put("MALLOC_CONF", "oversize_threshold:0,background_thread:true,dirty_decay_ms:10000,muzzy_decay_ms:10000");
        }
        workerEnv.putAll(consumerGroups("worker"));
        // A crashed worker's partitions move to the next one after this long (the client default is 45 s).
        workerEnv.put("MP_MESSAGING_INCOMING_JOBS_REQUESTED_SESSION_TIMEOUT_MS", "10000");
        // Two starts per job (default 3): WorkerCrashIT's job that kills every worker is given up after two kills.
        workerEnv.put("POOF_WORKER_MAX_ATTEMPTS", String.valueOf(WORKER_MAX_ATTEMPTS));
        worker = ServiceProcess.start("inference-worker", jar(repo, "inference-worker"), freePort(), "768m",
                workerEnv, logs);

        billing.awaitReady(Duration.ofMinutes(3));
        Map<String, String> gatewayEnv = new HashMap<>(shared);
        gatewayEnv.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/poof_gateway_e2e");
        gatewayEnv.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/poof_gateway_e2e");
        gatewayEnv.put("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379/2");
        gatewayEnv.put("QUARKUS_REST_CLIENT_BILLING_URL", billing.baseUrl());
        gatewayEnv.put("POOF_STORAGE_PUBLIC_ENDPOINT", "http://127.0.0.1:9000");
        gatewayEnv.putAll(consumerGroups("gateway"));
        // Sweeps often enough for a drill to see it, and leaves jobs alone longer than a crash test's restarts take.
        gatewayEnv.put("POOF_RECONCILER_INTERVAL", "5s");
        gatewayEnv.put("POOF_RECONCILER_REPUBLISH_AFTER", "90s");
        // Webhook receivers are the suite's own servers on loopback; retries come soon enough for a test to see them.
        gatewayEnv.put("POOF_WEBHOOKS_ENCRYPTION_KEY", WEBHOOK_KEY);
        gatewayEnv.put("POOF_WEBHOOKS_ALLOW_LOOPBACK", "true");
        gatewayEnv.put("POOF_WEBHOOKS_RETRY_SCHEDULE", "1s,2s,4s,8s,15s,30s,60s");
        // Every test signs up from 127.0.0.1: the per-address throttles would count the whole suite as one client.
        // The per-e-mail throttle keeps its production default (DashboardSecurityIT holds it).
        gatewayEnv.put("POOF_DASHBOARD_MAX_SIGNUPS_PER_ADDRESS", "100000");
        gatewayEnv.put("POOF_DASHBOARD_MAX_FAILED_LOGINS_PER_ADDRESS", "100000");
        gateway = ServiceProcess.start("api-gateway", jar(repo, "api-gateway"), freePort(), "512m", gatewayEnv, logs);
        gateway.awaitReady(Duration.ofMinutes(3));

        Map<String, String> shortWaitEnv = new HashMap<>(gatewayEnv);
        shortWaitEnv.put("POOF_JOBS_WAIT_TIMEOUT", SHORT_WAIT);
        shortWaitGateway = ServiceProcess.start("api-gateway-short-wait", jar(repo, "api-gateway"), freePort(),
                "384m", shortWaitEnv, logs);
        shortWaitGateway.awaitReady(Duration.ofMinutes(3));
        worker.awaitReady(Duration.ofMinutes(3));
    }

    /** Runs deploy/local/infra.sh with these arguments (stop-one, start-one, crash-postgres) and waits for it. */
    static void infra(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", get().repo.resolve("deploy/local/infra.sh").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(get().logs.resolve("infra.log").toFile())).start();
        if (!process.waitFor(3, java.util.concurrent.TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("infra.sh " + String.join(" ", args) + " failed; see " + get().logs.resolve("infra.log"));
        }
    }

    /** Kills the worker as a crash would (no graceful shutdown, no offset commit) and starts a new one. */
    synchronized void crashAndReplaceWorker() throws Exception {
        worker.kill();
        worker = ServiceProcess.start("inference-worker-2", jar(repo, "inference-worker"), freePort(), "768m",
                workerEnv, logs);
        worker.awaitReady(Duration.ofMinutes(3));
    }

    /**
     * Consumer groups of the suite's own, so a platform started by up.sh on the same broker never takes
     * this suite's messages (and the reverse). Fixed names: committed offsets carry over between runs, so
     * a run does not replay the topics' history.
     */
    private static Map<String, String> consumerGroups(String service) {
        return switch (service) {
            case "billing" -> Map.of("MP_MESSAGING_INCOMING_JOBS_EVENTS_GROUP_ID", "billing-service-e2e");
            case "worker" -> Map.of("MP_MESSAGING_INCOMING_JOBS_REQUESTED_GROUP_ID", "inference-worker-e2e");
            default -> Map.of("MP_MESSAGING_INCOMING_JOBS_EVENTS_GROUP_ID", "api-gateway-e2e");
        };
    }

    private static Path jar(Path repo, String module) {
        return repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static void requireInfrastructure() {
        Map<String, Integer> ports = Map.of("PostgreSQL", 5432, "Redis", 6379, "Kafka", 9092, "S3Proxy", 9000);
        ports.forEach((name, port) -> {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                // reachable
            } catch (IOException e) {
                throw new IllegalStateException(name + " is not running on 127.0.0.1:" + port
                        + ": start it with deploy/local/infra.sh start (deploy/local/test.sh does)");
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public synchronized void close() {
        for (ServiceProcess service : new ServiceProcess[] {shortWaitGateway, gateway, worker, billing}) {
            if (service != null) {
                service.stop();
            }
        }
        if (traces != null) {
            traces.close();
        }
    }
}
