package dev.poofbg.deploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Topics as Strimzi KafkaTopic resources instead of the hook Job (ci/strimzi-values.yaml). */
class StrimziTopicsTest {

    @Test
    void rendersOneKafkaTopicPerTopicAndNoHookJob() {
        Manifests manifests = Chart.render(Chart.scenario("strimzi-values.yaml"));
        assertThat(manifests.ofKind("Job")).isEmpty();
        assertThat(manifests.ofKind("KafkaTopic")).hasSize(3);
        JsonNode requested = manifests.get("KafkaTopic", Chart.FULLNAME + "-jobs-requested");
        assertThat(requested.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("poofbg");
        assertThat(requested.path("spec").path("topicName").asText()).isEqualTo("jobs.requested");
        assertThat(requested.path("spec").path("partitions").asInt()).isEqualTo(12);
        assertThat(requested.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(requested.path("spec").path("config").path("retention.ms").asLong()).isEqualTo(604800000L);
        assertThat(manifests.get("KafkaTopic", Chart.FULLNAME + "-jobs-events").path("spec").path("topicName").asText()).isEqualTo("jobs.events");
        assertThat(manifests.get("KafkaTopic", Chart.FULLNAME + "-jobs-events-dlq").path("spec").path("topicName").asText()).isEqualTo("jobs.events.dlq");
    }
}
