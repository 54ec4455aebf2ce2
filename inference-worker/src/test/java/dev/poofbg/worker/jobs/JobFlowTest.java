package dev.poofbg.worker.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.poofbg.common.JobIds;
import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.events.JobRequested;
import dev.poofbg.common.events.JobStatus;
import dev.poofbg.worker.storage.StorageConfig;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The worker against the real local Kafka and S3Proxy (deploy/local/infra.sh start): a job request
 * goes in, the status events come out, the result lands in the bucket. The test profile moves the two
 * topics to worker-test.* so that other runs on the same broker are not disturbed. Fails loudly when
 * the infrastructure is missing.
 */
@QuarkusTest
@Tag("quarkus")
class JobFlowTest {
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    StorageConfig storageConfig;
    @Inject
    KafkaClientService kafkaClients;
    @Inject
    ObjectMapper mapper;

    private static String requestsTopic;
    private static KafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> events;
    private static HttpServer imageServer;
    private static byte[] servedJpeg;

    @BeforeAll
    static void startClients() throws IOException {
        var config = ConfigProvider.getConfig();
        String servers = config.getValue("kafka.bootstrap.servers", String.class);
        requestsTopic = config.getValue("mp.messaging.incoming.jobs-requested.topic", String.class);
        String eventsTopic = config.getValue("mp.messaging.outgoing.jobs-events.topic", String.class);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());

        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "worker-test-observer-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        events = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        events.subscribe(List.of(eventsTopic));

        servedJpeg = jpeg(300, 200);
        imageServer = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        imageServer.createContext("/photo.jpg", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, servedJpeg.length);
                exchange.getResponseBody().write(servedJpeg);
            }
        });
        imageServer.start();
    }

    @AfterAll
    static void stopClients() {
        producer.close();
        events.close();
        imageServer.stop(0);
    }

    @Test
    void readyOnlyWithModelStorageAndKafka() {
        awaitConsumersReady();
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'model' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'model' }.data.model", org.hamcrest.Matchers.equalTo("u2netp"))
                .body("checks.find { it.name == 'model' }.data.warm_up_passes", org.hamcrest.Matchers.equalTo(2))
                .body("checks.find { it.name == 'model' }.data.warm_up_ms", org.hamcrest.Matchers.greaterThan(0))
                .body("checks.find { it.name == 'object-storage' }.status", org.hamcrest.Matchers.equalTo("UP"));
    }

    @Test
    void uploadedImageIsCutOutStoredAndAnnounced() throws Exception {
        awaitConsumersReady();
        String account = "acct_" + UUID.randomUUID();
        String jobId = JobIds.newId();
        String inputKey = "inputs/" + account + "/" + jobId;
        byte[] input = jpeg(640, 480);
        try (MinioClient s3 = s3()) {
            s3.putObject(PutObjectArgs.builder().bucket(storageConfig.bucket()).object(inputKey)
                    .data(input, input.length).contentType("image/jpeg").build());
            publish(JobRequested.forUpload(jobId, account, inputKey, "image/jpeg", null, Instant.now()));

            List<JobEvent> seen = awaitTerminal(jobId);
            assertEquals(JobStatus.PROCESSING, seen.get(0).status());
            JobEvent done = seen.get(seen.size() - 1);
            assertEquals(JobStatus.COMPLETED, done.status(), "error: " + done.error());
            String resultKey = "results/" + account + "/" + jobId + ".png";
            assertEquals(resultKey, done.resultKey());
            assertEquals(640, done.width());
            assertEquals(480, done.height());
            assertTrue(done.processingMs() > 0);

            StatObjectResponse stat = s3.statObject(StatObjectArgs.builder().bucket(storageConfig.bucket())
                    .object(resultKey).build());
            assertEquals("image/png", stat.contentType());
            BufferedImage result;
            try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(storageConfig.bucket())
                    .object(resultKey).build())) {
                result = ImageIO.read(new ByteArrayInputStream(in.readAllBytes()));
            }
            assertEquals(640, result.getWidth());
            assertEquals(480, result.getHeight());
            assertTrue(result.getColorModel().hasAlpha());
            // the subject (the red disc in the middle) stays, the flat background corners go
            assertTrue((result.getRGB(320, 240) >>> 24) > 128, "centre alpha");
            assertTrue((result.getRGB(5, 5) >>> 24) < 128, "corner alpha");

            // Its thumbnail beside it, for the dashboard's job list: at most 256 px, transparent where the cut-out is.
            String thumbnailKey = "results/" + account + "/" + jobId + ".thumb.png";
            assertEquals("image/png", s3.statObject(StatObjectArgs.builder().bucket(storageConfig.bucket())
                    .object(thumbnailKey).build()).contentType());
            BufferedImage thumbnail;
            try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(storageConfig.bucket())
                    .object(thumbnailKey).build())) {
                thumbnail = ImageIO.read(new ByteArrayInputStream(in.readAllBytes()));
            }
            assertEquals(256, thumbnail.getWidth());
            assertEquals(192, thumbnail.getHeight());
            assertTrue((thumbnail.getRGB(128, 96) >>> 24) > 128, "thumbnail centre alpha");
            assertTrue((thumbnail.getRGB(2, 2) >>> 24) < 128, "thumbnail corner alpha");

            assertDeleted(s3, inputKey);
            assertDeleted(s3, "attempts/" + account + "/" + jobId);

            // Redelivery of the same job: announced again from the stored result, not recomputed.
            publish(JobRequested.forUpload(jobId, account, inputKey, "image/jpeg", null, Instant.now()));
            JobEvent again = last(awaitTerminal(jobId));
            assertEquals(JobStatus.COMPLETED, again.status());
            assertEquals(done.processingMs(), again.processingMs());
            assertEquals(done.width(), again.width());
        }
    }

    @Test
    void webpUploadsAreDecodedInTheService() throws Exception {
        awaitConsumersReady();
        String account = "acct_" + UUID.randomUUID();
        String jobId = JobIds.newId();
        String inputKey = "inputs/" + account + "/" + jobId;
        byte[] webp;
        try (InputStream in = getClass().getResourceAsStream("/images/python.webp")) {
            webp = in.readAllBytes();
        }
        try (MinioClient s3 = s3()) {
            s3.putObject(PutObjectArgs.builder().bucket(storageConfig.bucket()).object(inputKey)
                    .data(webp, webp.length).contentType("image/webp").build());
            publish(JobRequested.forUpload(jobId, account, inputKey, "image/webp", null, Instant.now()));
            JobEvent done = last(awaitTerminal(jobId));
            assertEquals(JobStatus.COMPLETED, done.status(), "error: " + done.error());
            assertEquals(16, done.width());
            assertEquals(16, done.height());
        }
    }

    /** Starts counted before this one stand for earlier deliveries whose worker process died mid-job. */
    @Test
    void aJobIsTriedAgainAfterAWorkerDiedOnItButNotBeyondTheLimit() throws Exception {
        awaitConsumersReady();
        int maxAttempts = ConfigProvider.getConfig().getValue("poof.worker.max-attempts", Integer.class);
        double completedBefore = metric("poof_worker_jobs_total{outcome=\"completed\"}");
        double timedBefore = metric("poof_worker_processing_seconds_count");
        double givenUpBefore = metric("poof_worker_jobs_total{outcome=\"given_up\"}");
        try (MinioClient s3 = s3()) {
            JobEvent retried = runWithEarlierStarts(s3, maxAttempts - 1);
            assertEquals(JobStatus.COMPLETED, retried.status(), "error: " + retried.error());

            JobEvent givenUp = runWithEarlierStarts(s3, maxAttempts);
            assertEquals(JobStatus.FAILED, givenUp.status());
            assertEquals("The image could not be processed: it stopped the worker " + maxAttempts + " times",
                    givenUp.error());
            assertNull(givenUp.resultKey());
        }
        assertEquals(completedBefore + 1, metric("poof_worker_jobs_total{outcome=\"completed\"}"));
        assertEquals(timedBefore + 1, metric("poof_worker_processing_seconds_count"));
        assertEquals(givenUpBefore + 1, metric("poof_worker_jobs_total{outcome=\"given_up\"}"));
    }

    private JobEvent runWithEarlierStarts(MinioClient s3, int earlierStarts) throws Exception {
        String account = "acct_" + UUID.randomUUID();
        String jobId = JobIds.newId();
        String inputKey = "inputs/" + account + "/" + jobId;
        String startsKey = "attempts/" + account + "/" + jobId;
        byte[] input = jpeg(320, 240);
        byte[] count = Integer.toString(earlierStarts).getBytes();
        s3.putObject(PutObjectArgs.builder().bucket(storageConfig.bucket()).object(inputKey)
                .data(input, input.length).contentType("image/jpeg").build());
        s3.putObject(PutObjectArgs.builder().bucket(storageConfig.bucket()).object(startsKey)
                .data(count, count.length).contentType("text/plain").build());
        publish(JobRequested.forUpload(jobId, account, inputKey, "image/jpeg", null, Instant.now()));
        JobEvent terminal = last(awaitTerminal(jobId));
        assertDeleted(s3, inputKey);
        assertDeleted(s3, startsKey);
        return terminal;
    }

    @Test
    void undecodableInputEndsFailedWithAClearMessage() throws Exception {
        awaitConsumersReady();
        String account = "acct_" + UUID.randomUUID();
        String jobId = JobIds.newId();
        String inputKey = "inputs/" + account + "/" + jobId;
        byte[] garbage = "definitely not an image".getBytes();
        double rejectedBefore = metric("poof_worker_jobs_total{outcome=\"rejected\"}");
        try (MinioClient s3 = s3()) {
            s3.putObject(PutObjectArgs.builder().bucket(storageConfig.bucket()).object(inputKey)
                    .data(garbage, garbage.length).build());
            publish(JobRequested.forUpload(jobId, account, inputKey, "image/png", null, Instant.now()));
            JobEvent failed = last(awaitTerminal(jobId));
            assertEquals(JobStatus.FAILED, failed.status());
            assertEquals("Unsupported image: not a JPEG, PNG or WebP image", failed.error());
            assertNull(failed.resultKey());
            assertDeleted(s3, inputKey);
        }
        assertEquals(rejectedBefore + 1, metric("poof_worker_jobs_total{outcome=\"rejected\"}"));
    }

    /** The worker deletes inputs and start counts just after publishing the terminal event, so allow it a moment. */
    private void assertDeleted(MinioClient s3, String key) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                s3.statObject(StatObjectArgs.builder().bucket(storageConfig.bucket()).object(key).build());
            } catch (ErrorResponseException gone) {
                assertEquals("NoSuchKey", gone.errorResponse().code());
                return;
            }
            if (System.nanoTime() > deadline) {
                fail(key + " still stored 10 s after the terminal event");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void imageUrlJobsFetchFromTheUrl() throws Exception {
        awaitConsumersReady();
        String account = "acct_" + UUID.randomUUID();
        String jobId = JobIds.newId();
        String url = "http://127.0.0.1:" + imageServer.getAddress().getPort() + "/photo.jpg";
        publish(JobRequested.forUrl(jobId, account, url, null, Instant.now()));
        JobEvent done = last(awaitTerminal(jobId));
        assertEquals(JobStatus.COMPLETED, done.status(), "error: " + done.error());
        assertEquals(300, done.width());
        assertEquals(200, done.height());
    }

    @Test
    void refusedUrlsEndFailed() throws Exception {
        awaitConsumersReady();
        String jobId = JobIds.newId();
        publish(JobRequested.forUrl(jobId, "acct_" + UUID.randomUUID(), "http://169.254.169.254/latest/meta-data/",
                null, Instant.now()));
        JobEvent failed = last(awaitTerminal(jobId));
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals("image_url points to a cloud metadata service", failed.error());
    }

    @Test
    void inputKeysOfOtherAccountsAreNotRead() throws Exception {
        awaitConsumersReady();
        String jobId = JobIds.newId();
        publish(new JobRequested(JobRequested.SCHEMA_VERSION, jobId, "acct_mallory",
                "inputs/acct_victim/" + jobId, null, "image/png", Instant.now(), null));
        JobEvent failed = last(awaitTerminal(jobId));
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals("Invalid job request", failed.error());
    }

    /** One sample of the Prometheus endpoint, by its series (name and labels as exposed), 0 when absent. */
    private static double metric(String series) {
        String exposition = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200)
                .extract().asString();
        return exposition.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst().orElse(0);
    }

    private MinioClient s3() {
        return MinioClient.builder().endpoint(storageConfig.endpoint()).region(storageConfig.region())
                .credentials(storageConfig.accessKey(), storageConfig.secretKey()).build();
    }

    private void publish(JobRequested job) throws Exception {
        producer.send(new ProducerRecord<>(requestsTopic, job.jobId(), mapper.writeValueAsString(job))).get();
    }

    /** Both the worker's consumer and the test's observer must own partitions before anything is sent. */
    private void awaitConsumersReady() {
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (kafkaClients.getConsumer("jobs-requested").getAssignments().await().indefinitely().isEmpty()
                || events.assignment().isEmpty()) {
            events.poll(Duration.ofMillis(200));
            if (System.nanoTime() > deadline) {
                fail("Kafka consumers got no partitions: is the local infrastructure up (deploy/local/infra.sh start)?");
            }
        }
        // Fix both consumers' "latest" positions now: looked up lazily, they would skip what is sent before their next poll.
        kafkaClients.getConsumer("jobs-requested").getPositions().await().atMost(EVENT_TIMEOUT);
        events.assignment().forEach(events::position);
    }

    /** Events of one job, in order, up to and including the first terminal one. */
    private List<JobEvent> awaitTerminal(String jobId) throws IOException {
        List<JobEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(200))) {
                if (!jobId.equals(record.key())) {
                    continue;
                }
                JobEvent event = mapper.readValue(record.value(), JobEvent.class);
                seen.add(event);
                if (event.status().isTerminal()) {
                    return seen;
                }
            }
        }
        fail("no terminal event for " + jobId + " within " + EVENT_TIMEOUT + "; saw " + seen);
        return seen;
    }

    private static JobEvent last(List<JobEvent> events) {
        return events.get(events.size() - 1);
    }

    /** A red disc on a flat light-grey background: an obvious salient object. */
    private static byte[] jpeg(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0xDDDDDD));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(0xCC2222));
        int d = Math.min(width, height) / 2;
        g.fillOval(width / 2 - d / 2, height / 2 - d / 2, d, d);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }
}
