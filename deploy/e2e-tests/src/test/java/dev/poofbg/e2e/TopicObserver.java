package dev.poofbg.e2e;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/** Watches topics from their end, in a consumer group of its own, so it sees only what is sent after it starts. */
public final class TopicObserver {
    private TopicObserver() {
    }

    /** Subscribed and holding its partitions: nothing sent after this returns is missed. */
    public static KafkaConsumer<String, String> fromEnd(String bootstrap, String groupPrefix, List<String> topics) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + "-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(topics);
        Instant deadline = Instant.now().plusSeconds(60);
        while (consumer.assignment().isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                consumer.close();
                throw new IllegalStateException("no partitions of " + topics + " after 60 s");
            }
            consumer.poll(Duration.ofMillis(200));
        }
        // Holding a partition is not yet having a position in it: "latest" is looked up lazily, and a record sent
        // before the look-up would be skipped. position() blocks until each one is fixed.
        consumer.assignment().forEach(consumer::position);
        return consumer;
    }
}
