package dev.poofbg.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poofbg.e2e.Accounts;
import dev.poofbg.e2e.Http;
import dev.poofbg.e2e.TestImages;
import dev.poofbg.e2e.TopicObserver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How much the platform around the worker adds to a job (a program, not a test; see
 * deploy/local/bench-overhead.sh). Against a running platform, it sends JPEGs one at a time with
 * POST /v1/remove-background and compares each answer's latency, as the client sees it, with the
 * worker's own time for that job (processing_ms of its completed event on jobs.events: reading the
 * input, decoding, the model, compositing and PNG encoding). The difference is everything else:
 * upload parsing, storing the input, the credit reservation, the job row, Kafka both ways, storing
 * the result, the wake-up and the answer. Prints figures; asserts nothing.
 *
 * <p>A just-started JVM runs the request path interpreted or half-compiled for its first few thousand
 * requests, which is not how a serving platform runs. So before measuring, unless {@code warm-up-posts}
 * is 0, it sends steady-state traffic: {@value #WARM_UP_GETS} {@code GET /v1/account} (key check, rate
 * limit, a billing call, JSON both ways) and {@code warm-up-posts} small uploads, {@value #WARM_UP_CONCURRENCY}
 * at a time, spread over {@value #WARM_UP_ACCOUNTS} Enterprise accounts to stay inside their rate limits.
 *
 * Usage: GatewayOverheadBenchmark API_URL ADMIN_URL ADMIN_TOKEN KAFKA_BOOTSTRAP [runs] [megapixels] [warm-up-posts]
 */
public final class GatewayOverheadBenchmark {

    private static final int WARM_UP = 10;
    private static final int WARM_UP_GETS = 3000;
    private static final int WARM_UP_CONCURRENCY = 6;
    private static final int WARM_UP_ACCOUNTS = 12;
    /** Where the added time goes, from the Kafka records' producer timestamps (one clock: all on this machine). */
    private static final String[] PHASES = {
        "request sent → job published on jobs.requested (upload, input stored, credit, job row, publish)",
        "jobs.requested → worker's processing event (Kafka delivery, worker pickup, start counted)",
        // Can be negative: processing_ms starts with the input read, which runs while the start is counted.
        "processing event → completed event, minus processing_ms (result stored, event published)",
        "completed event → answer received (Kafka delivery, job row updated, wake-up, response)"};

    public static void main(String[] args) throws Exception {
        String api = args[0];
        String admin = args[1];
        String adminToken = args[2];
        String kafka = args[3];
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        double megapixels = args.length > 5 ? Double.parseDouble(args[5]) : 1.0;
        int warmUpPosts = args.length > 6 ? Integer.parseInt(args[6]) : 150;

        int width = (int) Math.round(Math.sqrt(megapixels * 1e6 * 4 / 3));
        int height = (int) Math.round(width * 3 / 4.0);
        byte[] jpeg = TestImages.jpeg(TestImages.subjectOnBackdrop(width, height));
        String key = Accounts.create(admin, adminToken, "enterprise").key();
        if (warmUpPosts > 0) {
            warmUp(api, admin, adminToken, warmUpPosts);
        }

        Map<String, Long> workerMillis = new ConcurrentHashMap<>();
        Map<String, Long> stamps = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, String> events = TopicObserver.fromEnd(kafka, "overhead-bench",
                List.of("jobs.requested", "jobs.events"))) {
            Thread reader = new Thread(() -> collect(events, workerMillis, stamps), "job-events");
            reader.setDaemon(true);
            reader.start();

            long[] latency = new long[runs];
            long[] worker = new long[runs];
            long[][] phases = new long[PHASES.length][runs];
            for (int i = -WARM_UP; i < runs; i++) {
                long start = System.nanoTime();
                long sentAt = System.currentTimeMillis();
                Http.Response response = Http.postMultipart(api + "/v1/remove-background", key,
                        Http.Part.file("photo.jpg", "image/jpeg", jpeg));
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                long answeredAt = System.currentTimeMillis();
                if (response.status() != 200) {
                    throw new IllegalStateException("POST answered " + response.status() + ": " + response.text());
                }
                String jobId = response.json().get("id").asText();
                Long processing = awaitWorkerTime(workerMillis, jobId);
                if (i >= 0) {
                    latency[i] = elapsed;
                    worker[i] = processing;
                    long requested = stamps.get("requested:" + jobId);
                    long picked = stamps.get("processing:" + jobId);
                    long completed = stamps.get("completed:" + jobId);
                    phases[0][i] = requested - sentAt;
                    phases[1][i] = picked - requested;
                    phases[2][i] = completed - picked - processing;
                    phases[3][i] = answeredAt - completed;
                }
            }
            events.wakeup();
            reader.join();
            report(width, height, jpeg.length, warmUpPosts, latency, worker, phases);
        }
    }

    /** Steady-state traffic before measuring (see the class comment); every answer must be a success. */
    private static void warmUp(String api, String admin, String adminToken, int posts) throws Exception {
        long start = System.nanoTime();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < WARM_UP_ACCOUNTS; i++) {
            keys.add(Accounts.create(admin, adminToken, "enterprise").key());
        }
        byte[] small = TestImages.jpeg(TestImages.subjectOnBackdrop(320, 240));
        ExecutorService pool = Executors.newFixedThreadPool(WARM_UP_CONCURRENCY);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < WARM_UP_GETS; i++) {
                String key = keys.get(i % keys.size());
                calls.add(() -> Http.get(api + "/v1/account", key).status());
            }
            for (int i = 0; i < posts; i++) {
                String key = keys.get(i % keys.size());
                calls.add(() -> Http.postMultipart(api + "/v1/remove-background", key,
                        Http.Part.file("warm-up.jpg", "image/jpeg", small)).status());
            }
            for (Future<Integer> answer : pool.invokeAll(calls)) {
                int status = answer.get();
                if (status != 200 && status != 202) {
                    throw new IllegalStateException("warm-up request answered " + status);
                }
            }
        } finally {
            pool.shutdown();
        }
        System.out.printf(Locale.ROOT, "warm-up: %d GET /v1/account and %d small POSTs in %.0f s%n",
                WARM_UP_GETS, posts, (System.nanoTime() - start) / 1e9);
    }

    /** Runs until {@link KafkaConsumer#wakeup()}; the consumer is used by this thread alone meanwhile. */
    private static void collect(KafkaConsumer<String, String> events, Map<String, Long> workerMillis,
                                Map<String, Long> stamps) {
        try {
            while (true) {
                for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(100))) {
                    try {
                        JsonNode event = Http.JSON.readTree(record.value());
                        String jobId = event.path("job_id").asText();
                        String status = record.topic().equals("jobs.requested") ? "requested" : event.path("status").asText();
                        stamps.put(status + ":" + jobId, record.timestamp());
                        if ("completed".equals(status)) {
                            workerMillis.put(jobId, event.path("processing_ms").asLong());
                        }
                    } catch (IOException e) {
                        System.err.println("skipping an unreadable event: " + e.getMessage());
                    }
                }
            }
        } catch (WakeupException done) {
            // the benchmark has all it needs
        }
    }

    private static long awaitWorkerTime(Map<String, Long> workerMillis, String jobId) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Long millis = workerMillis.get(jobId);
            if (millis != null) {
                return millis;
            }
            Thread.sleep(25);
        }
        throw new IllegalStateException("no completed event seen for " + jobId);
    }

    private static void report(int width, int height, int bytes, int warmUpPosts, long[] latency, long[] worker,
                               long[][] phases) {
        int n = latency.length;
        long[] overhead = new long[n];
        double[] share = new double[n];
        for (int i = 0; i < n; i++) {
            overhead[i] = latency[i] - worker[i];
            share[i] = 100.0 * overhead[i] / worker[i];
        }
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "JPEG %dx%d (%.2f MP, %d KB), %d jobs one after another (after %s%d warm-up jobs)",
                width, height, width * height / 1e6, bytes / 1024, n,
                warmUpPosts > 0 ? "the warm-up traffic and " : "no warm-up traffic, ", WARM_UP));
        rows.add("| | median | p90 | mean |");
        rows.add("|---|---|---|---|");
        rows.add(row("client latency of POST (ms)", latency));
        rows.add(row("worker's own time, processing_ms (ms)", worker));
        rows.add(row("added by the platform (ms)", overhead));
        double[] sortedShare = share.clone();
        Arrays.sort(sortedShare);
        double meanShare = 100.0 * Arrays.stream(overhead).sum() / Arrays.stream(worker).sum();
        rows.add(String.format(Locale.ROOT, "| added / worker's time | %.1f %% | %.1f %% | %.1f %% |",
                sortedShare[n / 2], sortedShare[(int) Math.ceil(0.9 * n) - 1], meanShare));
        rows.add("");
        rows.add("| where the added time goes (ms) | median | p90 | mean |");
        rows.add("|---|---|---|---|");
        for (int p = 0; p < PHASES.length; p++) {
            rows.add(row(PHASES[p], phases[p]));
        }
        rows.forEach(System.out::println);
    }

    private static String row(String name, long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "| %s | %d | %d | %.0f |", name, sorted[sorted.length / 2],
                sorted[(int) Math.ceil(0.9 * sorted.length) - 1], Arrays.stream(values).average().orElse(0));
    }
}
