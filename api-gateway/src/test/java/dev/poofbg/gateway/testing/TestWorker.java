package dev.poofbg.gateway.testing;

import dev.poofbg.common.output.Results;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.poofbg.common.events.FailureReason;
import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.events.JobRequested;
import dev.poofbg.common.logging.RequestIds;
import dev.poofbg.common.storage.ObjectKeys;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Plays the inference worker over the real local Kafka and object store, on the tests' own topics
 * (the %test profile's; a running platform's worker never sees these jobs): reads job requests, checks the
 * stored input, writes a result PNG and emits the events each test account asks for.
 */
public class TestWorker implements QuarkusTestResourceLifecycleManager {

    public static final String BOOTSTRAP = "127.0.0.1:9092";
    public static final String REQUESTS_TOPIC = "gateway-test.jobs.requested";
    public static final String EVENTS_TOPIC = "gateway-test.jobs.events";

    public enum Behaviour { COMPLETE, FAIL, PROCESS_ONLY, IGNORE }

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Map<String, Behaviour> BEHAVIOURS = new ConcurrentHashMap<>();
    private static final Map<String, JobRequested> RECEIVED = new ConcurrentHashMap<>();
    private static final Map<String, Integer> RECEPTIONS = new ConcurrentHashMap<>();
    private static final Map<String, String> REQUEST_IDS = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> INPUT_FOUND = new ConcurrentHashMap<>();
    private static KafkaProducer<String, String> producer;
    private static MinioClient storage;
    private volatile boolean running;
    private Thread thread;

    public static void behave(String accountId, Behaviour behaviour) {
        BEHAVIOURS.put(accountId, behaviour);
    }

    public static JobRequested received(String jobId) {
        return RECEIVED.get(jobId);
    }

    /** The X-Request-ID header the job's request carried on jobs.requested, or null. */
    public static String requestIdOf(String jobId) {
        return REQUEST_IDS.get(jobId);
    }

    /** How many times the job's request arrived (the reconciler publishes a stuck job again). */
    public static int receptions(String jobId) {
        return RECEPTIONS.getOrDefault(jobId, 0);
    }

    /** Whether the input object was in the bucket when the request arrived. */
    public static Boolean inputFound(String jobId) {
        return INPUT_FOUND.get(jobId);
    }

    /** Publishes an event as the worker would, keyed by job id, and waits for the broker's ack. */
    public static void emit(JobEvent event) {
        try {
            producer.send(new ProducerRecord<>(EVENTS_TOPIC, event.jobId(), JSON.writeValueAsString(event)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a test event", e);
        }
    }

    public static String resultKey(String accountId, String jobId) {
        return ObjectKeys.result(accountId, jobId, "png");
    }

    @Override
    public Map<String, String> start() {
        createTopics();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
        storage = LocalStorage.client();
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway-test-worker");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(REQUESTS_TOPIC));
        // Join the group and take positions before the application starts publishing.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200));
        }
        consumer.assignment().forEach(consumer::position);
        running = true;
        thread = new Thread(() -> run(consumer), "test-worker");
        thread.setDaemon(true);
        thread.start();
        return Map.of(); // the %test profile already points the gateway at these topics
    }

    private static void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            for (String topic : List.of(REQUESTS_TOPIC, EVENTS_TOPIC)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 12, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Kafka at " + BOOTSTRAP + " is required (deploy/local/infra.sh start)", e);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Kafka at " + BOOTSTRAP + " is required (deploy/local/infra.sh start)", e);
        }
    }

    private void run(KafkaConsumer<String, String> consumer) {
        try (consumer) {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    String requestId = RequestIds.fromRecord(record.headers());
                    if (requestId != null && record.key() != null) {
                        REQUEST_IDS.put(record.key(), requestId);
                    }
                    handle(record.value());
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                throw e;
            }
        }
    }

    private static void handle(String value) {
        JobRequested request;
        try {
            request = JSON.readValue(value, JobRequested.class);
        } catch (IOException e) {
            return;
        }
        Behaviour behaviour = BEHAVIOURS.get(request.accountId());
        if (behaviour == null) {
            return;
        }
        RECEIVED.put(request.jobId(), request);
        RECEPTIONS.merge(request.jobId(), 1, Integer::sum);
        if (request.inputKey() != null) {
            INPUT_FOUND.put(request.jobId(), exists(request.inputKey()));
        }
        String jobId = request.jobId();
        String account = request.accountId();
        switch (behaviour) {
            case COMPLETE -> {
                emit(JobEvent.processing(jobId, account, Instant.now()));
                putResult(resultKey(account, jobId));
                emit(JobEvent.completed(jobId, account, resultKey(account, jobId), Results.png(4, 4), 5, Instant.now()));
            }
            case FAIL -> {
                emit(JobEvent.processing(jobId, account, Instant.now()));
                emit(JobEvent.failed(jobId, account, FailureReason.INPUT, "The image could not be fetched", Instant.now()));
            }
            case PROCESS_ONLY -> emit(JobEvent.processing(jobId, account, Instant.now()));
            case IGNORE -> {
            }
        }
    }

    private static boolean exists(String key) {
        try {
            storage.statObject(StatObjectArgs.builder().bucket("poofbg").object(key).build());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public static byte[] resultPng() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putResult(String key) {
        byte[] png = resultPng();
        try {
            storage.putObject(PutObjectArgs.builder().bucket("poofbg").object(key)
                    .stream(new ByteArrayInputStream(png), (long) png.length, -1L).contentType("image/png").build());
        } catch (Exception e) {
            throw new IllegalStateException("could not store a test result", e);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        try {
            if (storage != null) {
                storage.close();
            }
        } catch (Exception ignored) {
            // closing at the end of the run; nothing left to protect
        }
    }
}
