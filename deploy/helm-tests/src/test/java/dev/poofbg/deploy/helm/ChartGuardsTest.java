package dev.poofbg.deploy.helm;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values the chart refuses: templates `fail` on cross-field rules, values.schema.json on the rest. */
class ChartGuardsTest {

    private static Manifests render(Map<String, Object> sets) {
        return Chart.render(List.of(), sets);
    }

    @Test
    void kedaMaxReplicasAbovePartitionsIsRefused() {
        assertThatThrownBy(() -> render(Map.of("inferenceWorker.autoscaling.keda.enabled", true,
                "inferenceWorker.autoscaling.maxReplicas", 13)))
                .hasMessageContaining("maxReplicas (13) must not exceed kafka.topics.requestedPartitions (12)");
    }

    @Test
    void hpaMaxReplicasAbovePartitionsIsRefused() {
        assertThatThrownBy(() -> render(Map.of("inferenceWorker.autoscaling.enabled", true,
                "inferenceWorker.autoscaling.maxReplicas", 16, "kafka.topics.requestedPartitions", 8)))
                .hasMessageContaining("maxReplicas (16) must not exceed kafka.topics.requestedPartitions (8)");
    }

    @Test
    void maxReplicasEqualToPartitionsIsAccepted() {
        Manifests manifests = render(Map.of("inferenceWorker.autoscaling.keda.enabled", true,
                "inferenceWorker.autoscaling.maxReplicas", 12));
        assertThat(manifests.get("ScaledObject", Chart.FULLNAME + "-inference-worker").path("spec").path("maxReplicaCount").asInt())
                .isEqualTo(12);
        assertThat(StrictManifestValidator.validate(manifests)).isEmpty();
    }

    @Test
    void theCpuTriggerReplacesTheFallbackKedaWouldRefuse() {
        Manifests manifests = render(Map.of("inferenceWorker.autoscaling.keda.enabled", true,
                "inferenceWorker.autoscaling.keda.cpuTrigger", true));
        var spec = manifests.get("ScaledObject", Chart.FULLNAME + "-inference-worker").path("spec");
        assertThat(spec.has("fallback")).isFalse();
        assertThat(spec.path("triggers")).hasSize(2);
        assertThat(spec.path("triggers").get(1).path("type").asText()).isEqualTo("cpu");
        assertThat(StrictManifestValidator.validate(manifests)).isEmpty();
    }

    @Test
    void intraOpThreadsFollowTheCpuLimitUnlessSet() {
        assertThat(Typed.configMap(render(Map.of("inferenceWorker.resources.limits.cpu", "3500m",
                "inferenceWorker.concurrency", 1)), "inference-worker")).containsEntry("POOF_MODEL_INTRA_OP_THREADS", "3");
        // Not divided by the concurrency: the worker shares the threads among the jobs running at once.
        assertThat(Typed.configMap(render(Map.of("inferenceWorker.resources.limits.cpu", "4",
                "inferenceWorker.concurrency", 2)), "inference-worker")).containsEntry("POOF_MODEL_INTRA_OP_THREADS", "4");
        assertThat(Typed.configMap(render(Map.of("inferenceWorker.resources.limits.cpu", "500m")), "inference-worker"))
                .containsEntry("POOF_MODEL_INTRA_OP_THREADS", "1");
        assertThat(Typed.configMap(render(Map.of("inferenceWorker.model.intra-op-threads", 6)), "inference-worker"))
                .containsEntry("POOF_MODEL_INTRA_OP_THREADS", "6");
    }

    @Test
    void fixedReplicasAbovePartitionsAreRefused() {
        assertThatThrownBy(() -> render(Map.of("inferenceWorker.replicaCount", 13)))
                .hasMessageContaining("inferenceWorker.replicaCount (13) must not exceed");
    }

    @Test
    void aGracePeriodShorterThanAnInferenceIsRefused() {
        assertThatThrownBy(() -> render(Map.of("inferenceWorker.maxJobSeconds", 120)))
                .hasMessageContaining("terminationGracePeriodSeconds (120) must exceed");
    }

    @Test
    void theGatewayKeepsItsSixtySecondsToAnswerWaitingRequests() {
        assertThat(Typed.configMap(render(Map.of()), "api-gateway")).containsEntry("QUARKUS_SHUTDOWN_TIMEOUT", "65s");
        assertThatThrownBy(() -> render(Map.of("apiGateway.terminationGracePeriodSeconds", 60)))
                .hasMessageContaining("must leave 60 s for waiting requests");
    }

    @Test
    void privateAddressFetchingCannotBeSwitchedOnThroughExtraEnv() {
        assertThatThrownBy(() -> render(Map.of("inferenceWorker.extraEnv[0].name", "POOF_FETCH_ALLOW_LOOPBACK",
                "inferenceWorker.extraEnv[0].value", "true")))
                .hasMessageContaining("local/test-only");
        assertThatThrownBy(() -> render(Map.of("common.extraEnv[0].name", "POOF_FETCH_ALLOW_LOOPBACK",
                "common.extraEnv[0].value", "true")))
                .hasMessageContaining("local/test-only");
        assertThatThrownBy(() -> render(Map.of("apiGateway.extraEnv[0].name", "POOF_WEBHOOKS_ALLOW_LOOPBACK",
                "apiGateway.extraEnv[0].value", "true")))
                .hasMessageContaining("local/test-only");
    }

    @Test
    void schemaRejectsUnknownKeysAndRootContainers() {
        assertThatThrownBy(() -> render(Map.of("inferenceWorker.gpus.enabled", true)))
                .hasMessageContaining("gpus");
        assertThatThrownBy(() -> render(Map.of("podSecurityContext.runAsNonRoot", false)))
                .hasMessageContaining("runAsNonRoot");
        assertThatThrownBy(() -> render(Map.of("kafka.provisioning.mode", "auto")))
                .hasMessageContaining("mode");
        assertThatThrownBy(() -> render(Map.of("kafka.topics.requestedPartitions", 0)))
                .hasMessageContaining("requestedPartitions");
    }

    @Test
    void bundledKafkaNeedsReplicationFactorOne() {
        assertThatThrownBy(() -> render(Map.of("kafka.bundled.enabled", true)))
                .hasMessageContaining("replicationFactor must be 1");
    }

    @Test
    void lintFailsOnValuesTheSchemaRejects(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("bad-values.yaml"), "inferenceWorker:\n  concurrency: zero\n");
        LintResult result = Chart.lintStrict(values);
        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("concurrency");
    }
}
