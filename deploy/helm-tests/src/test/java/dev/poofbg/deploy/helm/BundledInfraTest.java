package dev.poofbg.deploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Evaluation install with the bundled single-node infrastructure and the CPU HPA (ci/bundled-infra-values.yaml). */
class BundledInfraTest {

    static Manifests manifests;

    @BeforeAll
    static void render() {
        manifests = Chart.render(Chart.scenario("bundled-infra-values.yaml"));
    }

    @Test
    void eachDependencyIsASingleNodeNonRootStatefulSet() {
        for (String component : List.of("postgresql", "redis", "kafka", "minio")) {
            StatefulSet set = Typed.as(manifests.get("StatefulSet", Chart.FULLNAME + "-" + component), StatefulSet.class);
            assertThat(set.getSpec().getReplicas()).isEqualTo(1);
            assertThat(set.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(set.getSpec().getTemplate().getSpec().getEnableServiceLinks()).isFalse();
            Container container = set.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(container.getReadinessProbe()).isNotNull();
        }
        assertThat(manifests.ofKind("StatefulSet")).hasSize(4);
    }

    @Test
    void servicesPointAtTheBundledDependencies() {
        Map<String, String> gateway = Typed.configMap(manifests, "api-gateway");
        assertThat(gateway).containsEntry("KAFKA_BOOTSTRAP_SERVERS", Chart.FULLNAME + "-kafka:9092")
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + Chart.FULLNAME + "-postgresql:5432/poof_gateway")
                .containsEntry("QUARKUS_REDIS_HOSTS", "redis://" + Chart.FULLNAME + "-redis:6379/0")
                .containsEntry("POOF_STORAGE_ENDPOINT", "http://" + Chart.FULLNAME + "-minio:9000");
        assertThat(Typed.configMap(manifests, "inference-worker")).containsEntry("KAFKA_BOOTSTRAP_SERVERS", Chart.FULLNAME + "-kafka:9092");
    }

    @Test
    void bundledPostgresqlCreatesBothDatabasesFromSecretsNotFromLiterals() {
        StatefulSet set = Typed.as(manifests.get("StatefulSet", Chart.FULLNAME + "-postgresql"), StatefulSet.class);
        Map<String, EnvVar> env = Typed.env(set.getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(env.get("GATEWAY_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("poofbg-postgresql-gateway");
        assertThat(env.get("BILLING_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("poofbg-postgresql-billing");
        assertThat(env.get("POSTGRES_PASSWORD").getValueFrom().getSecretKeyRef()).isNotNull();
        String script = Typed.as(manifests.get("ConfigMap", Chart.FULLNAME + "-postgresql-init"), ConfigMap.class)
                .getData().get("10-poofbg-databases.sh");
        assertThat(script).contains("CREATE DATABASE :\"gw_db\" OWNER :\"gw_user\"")
                .contains("CREATE DATABASE :\"bl_db\" OWNER :\"bl_user\"")
                .contains("PASSWORD :'gw_pass'");
    }

    @Test
    void bundledKafkaDoesNotAutoCreateTopicsAndTheTopicsJobIsNotAHook() {
        StatefulSet kafka = Typed.as(manifests.get("StatefulSet", Chart.FULLNAME + "-kafka"), StatefulSet.class);
        Map<String, EnvVar> env = Typed.env(kafka.getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE").getValue()).isEqualTo("false");
        assertThat(env.get("KAFKA_PROCESS_ROLES").getValue()).isEqualTo("broker,controller");
        JsonNode job = manifests.get("Job", Chart.FULLNAME + "-kafka-topics-r1");
        // A post-install hook would wait for `helm install --wait`, which waits for services that wait for topics.
        assertThat(job.path("metadata").path("annotations").path("helm.sh/hook").isMissingNode()).isTrue();
        assertThat(String.join("\n", job.path("spec").path("template").path("spec").path("containers").get(0).path("args").get(0).asText()))
                .contains("ensure jobs.requested 12 1 ");
        assertThat(manifests.find("Job", Chart.FULLNAME + "-minio-bucket-r1")).isPresent();
    }

    @Test
    void workersFallBackToTheCpuHpaWithoutKeda() {
        HorizontalPodAutoscaler hpa = Typed.as(manifests.get("HorizontalPodAutoscaler", Chart.FULLNAME + "-inference-worker"),
                HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(Chart.FULLNAME + "-inference-worker");
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(4);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(metric -> {
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
        });
        assertThat(manifests.ofKind("ScaledObject")).isEmpty();
        assertThat(Typed.deployment(manifests, "inference-worker").getSpec().getReplicas()).isNull();
        assertThat(manifests.ofKind("Ingress")).isEmpty();
    }
}
