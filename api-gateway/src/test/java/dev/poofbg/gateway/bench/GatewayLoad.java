package dev.poofbg.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.TestImages;
import dev.poofbg.gateway.testing.TestWorker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Load generator for a running api-gateway (a program, not a test; see bench/run.sh). It plays
 * billing (loopback double, so the account's rate limit does not cut the run short; the gateway's
 * Redis rate limiter still counts every request) and the worker (on the bench topics), then drives:
 * POST with a small image; a bare Quarkus endpoint (/q/health/live) as the floor and
 * GET /v1/jobs/:id of a completed and of a processing job, in rounds after a JIT warm-up; and many
 * POSTs held waiting at once. Prints figures; asserts nothing.
 *
 * Usage: GatewayLoad <gateway base URL> <seconds per scenario> <concurrency> <waiting POSTs> <billing port file>
 */
public final class GatewayLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OPEN_PER_SECOND = 25;
    private static final int WARM_UP_SECONDS = 45;
    private static final int ROUNDS = 3;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private GatewayLoad(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int seconds = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        int waiting = Integer.parseInt(args[3]);
        Path billingPortFile = Path.of(args[4]);

        LoopbackBilling billing = new LoopbackBilling();
        // One account drives all GETs: its limit must never end a run (Redis still logs every request).
        LoopbackBilling.requestsPerMinute(1_000_000_000);
        Map<String, String> billingConfig = billing.start();
        Files.writeString(billingPortFile, billingConfig.get("quarkus.rest-client.billing.url"));
        TestWorker worker = new TestWorker();
        worker.start();
        System.out.println("billing double at " + billingConfig.get("quarkus.rest-client.billing.url")
                + "; waiting for the gateway at " + base);
        GatewayLoad load = new GatewayLoad(base);
        load.awaitReady();

        LoopbackBilling.Account account = LoopbackBilling.account(10_000_000);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        byte[] image = TestImages.png(64, 64);
        String completedJob = load.postImage(account, image).get("id").asText();
        LoopbackBilling.Account polling = LoopbackBilling.account(10_000_000);
        TestWorker.behave(polling.id, TestWorker.Behaviour.PROCESS_ONLY);
        String processingJob = load.startUnfinishedJob(polling, image);

        List<String> report = new ArrayList<>();
        List<Scenario> reads = List.of(
                new Scenario("GET /q/health/live (bare Quarkus endpoint)", "/q/health/live", null),
                new Scenario("GET /v1/jobs/:id, completed job (auth + Redis rate limit + signed URL)",
                        "/v1/jobs/" + completedJob, account.bearer()),
                new Scenario("GET /v1/jobs/:id, processing job (auth + Redis rate limit + DB read)",
                        "/v1/jobs/" + processingJob, polling.bearer()));
        if (wrkInstalled()) {
            // wrk (C, epoll) costs the shared cores far less per request than the JDK client.
            report.addAll(wrkRounds(base, reads, seconds, concurrency));
        } else {
            report.add("(wrk not installed: apt-get install wrk for a lighter generator; JDK client rows follow)");
            for (Scenario read : reads) {
                report.add(load.run(read.name(), seconds, concurrency, () -> load.get(read.path(), read.authorization())));
            }
        }
        report.add(load.run("POST /v1/remove-background, 64x64 PNG, worker answers at once", seconds,
                Math.max(1, concurrency / 4), () -> load.post(account, image)));
        report.add(load.holdWaiting(waiting));
        System.out.println();
        report.forEach(System.out::println);
        worker.stop();
        billing.stop();
        System.exit(0);
    }

    private static boolean wrkInstalled() {
        try {
            return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() >= 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private record Scenario(String name, String path, String authorization) {
    }

    /**
     * Warms the JIT up first (the job read took over a minute of C2 compiler time before its rate
     * settled; measuring earlier gave a fifth of the steady rate), then measures the scenarios in
     * turn, ROUNDS times, so that each round's ratio to the bare endpoint comes from the same minutes
     * of this shared machine.
     */
    private static List<String> wrkRounds(String base, List<Scenario> reads, int seconds, int concurrency)
            throws IOException, InterruptedException {
        for (Scenario read : reads) {
            wrk(base, read, WARM_UP_SECONDS, concurrency);
        }
        List<String> rows = new ArrayList<>();
        List<String> ratios = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            double bare = 0;
            List<String> ratio = new ArrayList<>();
            for (Scenario read : reads) {
                String output = wrk(base, read, seconds, concurrency);
                double rps = Double.parseDouble(field(output, "Requests/sec:\\s+([0-9.]+)", "0"));
                if (bare == 0) {
                    bare = rps;
                } else {
                    ratio.add(String.format(Locale.ROOT, "%.2fx", rps / bare));
                }
                rows.add(String.format(Locale.ROOT, "| %d | %s | %d | %.0f | %s | %s | non-2xx: %s |", round, read.name(),
                        concurrency, rps, field(output, "\\s50%\\s+(\\S+)"), field(output, "\\s99%\\s+(\\S+)"),
                        field(output, "Non-2xx or 3xx responses:\\s+(\\d+)", "0")));
            }
            ratios.add("round " + round + ": " + String.join(", ", ratio));
        }
        rows.add("job reads / bare endpoint (completed, processing): " + String.join("; ", ratios));
        return rows;
    }

    /** One wrk run with 2 threads; returns wrk's report. */
    private static String wrk(String base, Scenario read, int seconds, int concurrency)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + concurrency, "-d" + seconds + "s", "--latency"));
        if (read.authorization() != null) {
            command.addAll(List.of("-H", "Authorization: " + read.authorization()));
        }
        command.add(base + read.path());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private static String field(String text, String regex) {
        return field(text, regex, "?");
    }

    private static String field(String text, String regex, String absent) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(regex).matcher(text);
        return matcher.find() ? matcher.group(1) : absent;
    }

    private void awaitReady() throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException ignored) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("gateway never became ready");
    }

    private JsonNode postImage(LoopbackBilling.Account account, byte[] image) throws Exception {
        HttpResponse<String> response = http.send(multipart(account, image), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("warm-up POST answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /**
     * Submits a job the worker never finishes and returns its id as soon as the job list shows it
     * (the POST itself is held for the whole wait window).
     */
    private String startUnfinishedJob(LoopbackBilling.Account account, byte[] image) throws Exception {
        http.sendAsync(multipart(account, image), HttpResponse.BodyHandlers.discarding());
        for (int i = 0; i < 100; i++) {
            JsonNode jobs = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/v1/jobs?limit=1"))
                    .header("Authorization", account.bearer()).build(), HttpResponse.BodyHandlers.ofString()).body());
            if (jobs.path("data").size() > 0) {
                return jobs.path("data").get(0).path("id").asText();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the unfinished job never appeared in the job list");
    }

    private CompletableFuture<Integer> get(String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    private CompletableFuture<Integer> post(LoopbackBilling.Account account, byte[] image) {
        return http.sendAsync(multipart(account, image), HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode);
    }

    private HttpRequest multipart(LoopbackBilling.Account account, byte[] image) {
        String boundary = "bench" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + image.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(image, 0, body, head.length, image.length);
        System.arraycopy(tail, 0, body, head.length + image.length, tail.length);
        return HttpRequest.newBuilder(URI.create(base + "/v1/remove-background")).timeout(Duration.ofSeconds(60))
                .header("Authorization", account.bearer())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** Closed loop: keeps `concurrency` requests in flight for `seconds` (after a 3 s warm-up). */
    private String run(String name, int seconds, int concurrency, Supplier<CompletableFuture<Integer>> call)
            throws InterruptedException {
        drive(3, concurrency, call, new long[1 << 20], new AtomicInteger(), new ConcurrentHashMap<>());
        long[] latencies = new long[1 << 22];
        AtomicInteger count = new AtomicInteger();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        long elapsed = drive(seconds, concurrency, call, latencies, count, statuses);
        int n = Math.min(count.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        double rps = count.get() / (elapsed / 1e9);
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((status, c) -> byStatus.put(status, c.get()));
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f | %s |", name, concurrency, rps,
                percentile(sorted, 0.50), percentile(sorted, 0.99), byStatus);
    }

    private long drive(int seconds, int concurrency, Supplier<CompletableFuture<Integer>> call, long[] latencies,
                       AtomicInteger count, Map<Integer, AtomicLong> statuses) throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            slots.acquire();
            long sent = System.nanoTime();
            call.get().whenComplete((status, failure) -> {
                int index = count.getAndIncrement();
                if (index < latencies.length) {
                    latencies[index] = System.nanoTime() - sent;
                }
                statuses.computeIfAbsent(failure == null ? status : -1, s -> new AtomicLong()).incrementAndGet();
                slots.release();
            });
        }
        slots.acquire(concurrency);
        return System.nanoTime() - start;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))] / 1e6;
    }

    /**
     * Opens `n` POSTs whose jobs never finish, at OPEN_PER_SECOND, then reads the gateway's heap,
     * thread count and waiter gauge while they are all held.
     */
    private String holdWaiting(int n) throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(10_000_000);
        TestWorker.behave(account.id, TestWorker.Behaviour.IGNORE);
        HttpClient many = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<Void>>> open = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i > 0 && i % OPEN_PER_SECOND == 0) {
                Thread.sleep(1000); // a steady arrival rate, not one burst at billing
            }
            open.add(many.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/remove-background"))
                    .timeout(Duration.ofSeconds(400)).header("Authorization", account.bearer())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"image_url\":\"https://images.example.com/" + i + ".jpg\"}"))
                    .build(), HttpResponse.BodyHandlers.discarding()));
        }
        double waiters = 0;
        double heapBefore = metric("jvm_memory_used_bytes", "area=\"heap\"");
        // The gateway runs with a long wait window (bench/run.sh) so that waiters accumulate even when
        // this machine accepts POSTs more slowly than n per 30 s.
        long deadline = System.nanoTime() + 150_000_000_000L;
        while (System.nanoTime() < deadline && (waiters = metric("poof_jobs_waiting", "")) < n) {
            Thread.sleep(250);
        }
        double heapHolding = metric("jvm_memory_used_bytes", "area=\"heap\"");
        double threads = metric("jvm_threads_live_threads", "");
        Map<String, Long> outcomes = new TreeMap<>();
        for (CompletableFuture<HttpResponse<Void>> answer : open) {
            String outcome;
            try {
                outcome = String.valueOf(answer.join().statusCode());
            } catch (RuntimeException e) {
                outcome = e.getCause() == null ? e.toString() : e.getCause().getClass().getSimpleName();
            }
            outcomes.merge(outcome, 1L, Long::sum);
        }
        return String.format(Locale.ROOT,
                "waiting POSTs: opened %d, held at once %.0f, live JVM threads while holding %.0f, "
                        + "heap used %.0f MB before / %.0f MB while holding (-Xmx1g), answers %s",
                n, waiters, threads, heapBefore / 1e6, heapHolding / 1e6, outcomes);
    }

    /** Sums a Prometheus metric's samples whose labels contain `labels`. */
    private double metric(String name, String labels) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name) && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')
                    && line.contains(labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
