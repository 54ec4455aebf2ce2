package dev.poofbg.e2e.bench;

import dev.poofbg.e2e.Accounts;
import dev.poofbg.e2e.Http;
import dev.poofbg.e2e.TestImages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's memory over a long run (a program, not a test; see deploy/local/bench-soak.sh): against a
 * running platform, it sends {@code jobs} uploads of mixed sizes (0.25 to 12 MP, every 50th one 30 MP),
 * {@code concurrency} at a time, while it samples the worker process's resident set size every second from
 * /proc. Prints the RSS after warm-up, its median and peak over the run and at the end, and the jobs per
 * second; asserts nothing.
 *
 * Usage: WorkerSoakBenchmark API_URL ADMIN_URL ADMIN_TOKEN WORKER_PID_FILE [jobs] [concurrency]
 */
public final class WorkerSoakBenchmark {

    private static final double[] MEGAPIXELS = {0.25, 0.5, 1, 1, 2, 4, 8, 12};
    private static final double LARGE_MEGAPIXELS = 30;

    public static void main(String[] args) throws Exception {
        String api = args[0];
        String admin = args[1];
        String adminToken = args[2];
        Path pidFile = Path.of(args[3]);
        int jobs = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        int concurrency = args.length > 5 ? Integer.parseInt(args[5]) : 4;

        List<byte[]> images = new ArrayList<>();
        for (double megapixels : MEGAPIXELS) {
            images.add(jpeg(megapixels));
        }
        byte[] large = jpeg(LARGE_MEGAPIXELS);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            keys.add(Accounts.create(admin, adminToken, "enterprise").key());
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        System.out.printf("worker pid %d, RSS at start %.0f MB%n", pid, rssMegabytes(pid));

        List<Double> samples = Collections.synchronizedList(new ArrayList<>());
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                samples.add(rssMegabytes(pid));
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();

        AtomicInteger completed = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        Random random = new Random(42);
        List<byte[]> plan = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            plan.add(i % 50 == 49 ? large : images.get(random.nextInt(images.size())));
        }
        long start = System.nanoTime();
        double afterWarmUp = Double.NaN;
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            byte[] image = plan.get(i);
            String key = keys.get(i % concurrency);
            running.add(clients.submit(() -> {
                Http.Response response = Http.postMultipart(api + "/v1/remove-background", key,
                        Http.Part.file("photo.jpg", "image/jpeg", image));
                boolean done = response.status() == 200 && "completed".equals(response.json().path("status").asText());
                (done ? completed : other).incrementAndGet();
                return null;
            }));
        }
        for (int i = 0; i < running.size(); i++) {
            running.get(i).get();
            if (i == Math.min(49, jobs - 1)) {
                afterWarmUp = rssMegabytes(pid);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        clients.shutdown();
        Thread.sleep(Duration.ofSeconds(5).toMillis()); // what the allocator gives back once idle
        double idle = rssMegabytes(pid);
        sampler.interrupt();

        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        System.out.printf("%d jobs (%d completed, %d other) in %.0f s: %.2f jobs/s%n", jobs, completed.get(),
                other.get(), seconds, jobs / seconds);
        System.out.printf("worker RSS: after 50 jobs %.0f MB, median %.0f MB, peak %.0f MB, last job %.0f MB,"
                        + " 5 s idle %.0f MB (%d samples)%n", afterWarmUp, sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1), samples.get(samples.size() - 1), idle, samples.size());
    }

    private static byte[] jpeg(double megapixels) {
        int width = (int) Math.round(Math.sqrt(megapixels * 1e6 * 4 / 3));
        int height = (int) Math.round(width * 3 / 4.0);
        return TestImages.jpeg(TestImages.subjectOnBackdrop(width, height));
    }

    private static double rssMegabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
