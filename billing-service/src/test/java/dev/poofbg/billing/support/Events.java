package dev.poofbg.billing.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

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
            producer.send(new ProducerRecord<>(Topics.JOBS_EVENTS, key, mapper.writeValueAsString(event)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka at 127.0.0.1:9092 is required (deploy/local/infra.sh start)", e);
        }
    }

    public void sendRaw(String key, String payload) {
        try {
            producer.send(new ProducerRecord<>(Topics.JOBS_EVENTS, key, payload)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka at 127.0.0.1:9092 is required (deploy/local/infra.sh start)", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
