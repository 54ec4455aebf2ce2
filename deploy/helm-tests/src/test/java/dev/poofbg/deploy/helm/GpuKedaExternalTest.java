package dev.poofbg.deploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GPU workers autoscaled by KEDA on Kafka lag, against external infrastructure (ci/gpu-keda-external-values.yaml). */
class GpuKedaExternalTest {

    static Manifests manifests;

    @BeforeAll
    static void render() {
        manifests = Chart.render(Chart.scenario("gpu-keda-external-values.yaml"));
    }

    @Test
    void workersRequestAGpuOnGpuNodesWithTheCudaImage() {
        PodSpec pod = Typed.deployment(manifests, "inference-worker").getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertThat(container.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(container.getResources().getRequests()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(pod.getTolerations()).anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()) && "NoSchedule".equals(t.getEffect()));
        assertThat(container.getImage()).isEqualTo("registry.example.com/poofbg/inference-worker:1.2.3-cuda");
        assertThat(pod.getImagePullSecrets()).anyMatch(s -> s.getName().equals("regcred"));
        assertThat(pod.getVolumes()).anyMatch(v -> v.getName().equals("engine-cache")
                && v.getEmptyDir().getSizeLimit().equals(new Quantity("8Gi")));
        // The gateway gets no GPU and no GPU scheduling.
        PodSpec gateway = Typed.deployment(manifests, "api-gateway").getSpec().getTemplate().getSpec();
        assertThat(gateway.getContainers().get(0).getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
        assertThat(gateway.getNodeSelector()).isNullOrEmpty();
        assertThat(Typed.effectiveEnv(manifests, "inference-worker")).containsEntry("POOF_MODEL_INPUT_SIZE", "320")
                .containsEntry("POOF_MODEL_KIND", "u2net")
                .containsEntry("POOF_MODEL_PATH", "/models/u2net.params")
                .containsEntry("OPT_OUT_TRACKING", "true");
        assertThat(container.getVolumeMounts()).anyMatch(m -> m.getName().equals("models") && m.getMountPath().equals("/models")
                && Boolean.TRUE.equals(m.getReadOnly()));
        assertThat(pod.getVolumes()).anyMatch(v -> v.getName().equals("models")
                && v.getPersistentVolumeClaim().getClaimName().equals("poofbg-models"));
    }

    @Test
    void kedaScalesTheWorkersOnConsumerLagUpToThePartitionCount() {
        JsonNode scaledObject = manifests.get("ScaledObject", Chart.FULLNAME + "-inference-worker");
        JsonNode spec = scaledObject.path("spec");
        assertThat(spec.path("scaleTargetRef").path("name").asText()).isEqualTo(Chart.FULLNAME + "-inference-worker");
        JsonNode kafka = spec.path("triggers").get(0);
        assertThat(kafka.path("type").asText()).isEqualTo("kafka");
        JsonNode metadata = kafka.path("metadata");
        assertThat(metadata.path("consumerGroup").asText()).isEqualTo("inference-worker");
        assertThat(metadata.path("topic").asText()).isEqualTo("jobs.requested");
        assertThat(metadata.path("lagThreshold").isTextual()).isTrue();
        assertThat(metadata.path("lagThreshold").asText()).isEqualTo("10");
        assertThat(metadata.path("bootstrapServers").asText())
                .isEqualTo(Typed.configMap(manifests, "inference-worker").get("KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(spec.path("maxReplicaCount").asInt()).isEqualTo(24).isLessThanOrEqualTo(partitionsOfJobsRequested());
        assertThat(spec.path("minReplicaCount").asInt()).isEqualTo(1);
        assertThat(kafka.path("metricType").asText()).isEqualTo("AverageValue");
        assertThat(spec.path("triggers")).hasSize(1);
        assertThat(spec.path("fallback").path("replicas").asInt()).isEqualTo(2);
        // KEDA owns the worker's HPA: the chart renders none for the worker and leaves replicas unset.
        assertThat(manifests.find("HorizontalPodAutoscaler", Chart.FULLNAME + "-inference-worker")).isEmpty();
        assertThat(Typed.deployment(manifests, "inference-worker").getSpec().getReplicas()).isNull();
        assertThat(CustomResourceShapes.check(scaledObject)).isEmpty();
    }

    @Test
    void gatewayScalesIndependentlyOfTheWorkers() {
        HorizontalPodAutoscaler hpa = Typed.as(manifests.get("HorizontalPodAutoscaler", Chart.FULLNAME + "-api-gateway"),
                HorizontalPodAutoscaler.class);
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(Chart.FULLNAME + "-api-gateway");
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(20);
        Deployment gateway = Typed.deployment(manifests, "api-gateway");
        assertThat(gateway.getSpec().getReplicas()).isNull();
        assertThat(Typed.deployment(manifests, "billing-service").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void externalInfrastructureAndSecretsAreReferencedNotDeployed() {
        assertThat(manifests.ofKind("StatefulSet")).isEmpty();
        Map<String, String> gateway = Typed.configMap(manifests, "api-gateway");
        assertThat(gateway).containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://pg.example.internal:5432/poof_gateway?sslmode=require")
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://pg.example.internal:5432/poof_gateway?sslmode=require")
                .containsEntry("QUARKUS_REDIS_HOSTS", "rediss://redis.example.internal:6380/0")
                .containsEntry("POOF_STORAGE_BUCKET", "poofbg-prod")
                .containsEntry("POOF_STORAGE_PUBLIC_ENDPOINT", "https://s3.eu-central-1.amazonaws.com")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "b-1.kafka.example.internal:9092,b-2.kafka.example.internal:9092,b-3.kafka.example.internal:9092");
        var env = Typed.env(Typed.container(manifests, "api-gateway"));
        assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("prod-pg-gateway");
        assertThat(env.get("QUARKUS_REDIS_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("prod-redis");
        assertThat(env.get("POOF_STORAGE_SECRET_KEY").getValueFrom().getSecretKeyRef().getName()).isEqualTo("prod-s3");
        assertThat(Typed.env(Typed.container(manifests, "billing-service")).get("POOF_ADMIN_TOKEN").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("prod-poofbg-app");
        String topicsScript = String.join("\n", Typed.as(manifests.get("Job", Chart.FULLNAME + "-kafka-topics"),
                io.fabric8.kubernetes.api.model.batch.v1.Job.class).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        assertThat(topicsScript).contains("ensure jobs.requested 24 3").contains("ensure jobs.events 24 3");
    }

    @Test
    void ingressTerminatesTlsAndNetworkPoliciesKeepBillingInternal() {
        Ingress ingress = Typed.as(manifests.get("Ingress", Chart.FULLNAME + "-api-gateway"), Ingress.class);
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo("poofbg-api-tls");
            assertThat(tls.getHosts()).containsExactly("api.poofbg.example");
        });
        NetworkPolicy billing = Typed.as(manifests.get("NetworkPolicy", Chart.FULLNAME + "-billing-service"), NetworkPolicy.class);
        assertThat(billing.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "billing-service");
        var from = billing.getSpec().getIngress().get(0).getFrom();
        assertThat(from).hasSize(3);
        assertThat(from.get(0).getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "api-gateway");
        assertThat(from.get(0).getNamespaceSelector()).isNull();
        assertThat(from.get(1).getNamespaceSelector().getMatchLabels()).containsEntry("poofbg.dev/operators", "true");
        assertThat(from.get(2).getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "monitoring");
        NetworkPolicy gateway = Typed.as(manifests.get("NetworkPolicy", Chart.FULLNAME + "-api-gateway"), NetworkPolicy.class);
        assertThat(gateway.getSpec().getIngress().get(0).getFrom()).extracting(peer -> peer.getNamespaceSelector().getMatchLabels())
                .containsExactly(Map.of("kubernetes.io/metadata.name", "ingress-nginx"), Map.of("kubernetes.io/metadata.name", "monitoring"));
    }

    static int partitionsOfJobsRequested() {
        String script = String.join("\n", Typed.as(manifests.get("Job", Chart.FULLNAME + "-kafka-topics"),
                io.fabric8.kubernetes.api.model.batch.v1.Job.class).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        var matcher = java.util.regex.Pattern.compile("ensure jobs\\.requested (\\d+) ").matcher(script);
        assertThat(matcher.find()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
