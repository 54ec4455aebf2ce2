package dev.poofbg.billing.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poofbg.common.events.JobEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Publishes job events to the real broker, as the worker does. */
public final class Events implements AutoCloseable {

    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000),
            new StringSerializer(), new StringSerializer());
    private final ObjectMapper mapper;

    public Events(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void send(JobEvent event) {
        send(event.jobId(), event);
    }

    /** Sends under another record key: the same key lands on the same partition, after earlier records. */
    public void send(String key, JobEvent event) {
        try {
            producer.send(new ProducerRecord<>(topic(), key, mapper.writeValueAsString(event)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka at 127.0.0.1:9092 is required (deploy/local/infra.sh start)", e);
        }
    }

    public void sendRaw(String key, String payload) {
        try {
            producer.send(new ProducerRecord<>(topic(), key, payload)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka at 127.0.0.1:9092 is required (deploy/local/infra.sh start)", e);
        }
    }

    /** Waits for a record with {@code key} on {@code topic}, reading it from the beginning. */
    public static boolean appears(String topic, String key, Duration within) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                if (partitions.isEmpty()) {
                    sleep();
                    continue;
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        if (key.equals(record.key())) {
                            return true;
                        }
                    }
                }
                sleep();
            }
            return false;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    /** The topic billing's consumer reads, as its configuration names it. */
    private static String topic() {
        return ConfigProvider.getConfig().getValue("mp.messaging.incoming.jobs-events.topic", String.class);
    }
}
