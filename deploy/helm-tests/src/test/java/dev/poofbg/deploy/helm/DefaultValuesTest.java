package dev.poofbg.deploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What matters in the default rendering: external infrastructure, CPU workers, fixed replicas. */
class DefaultValuesTest {

    static final List<String> SERVICES = List.of("api-gateway", "billing-service", "inference-worker");
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|ACCESS_KEY|CREDENTIAL|PRIVATE_KEY).*");

    static Manifests manifests;

    @BeforeAll
    static void render() {
        manifests = Chart.render();
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "billing-service", "inference-worker"})
    void probesHitTheQuarkusHealthEndpoints(String component) {
        Container container = Typed.container(manifests, component);
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(container.getPorts()).anyMatch(p -> "http".equals(p.getName()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "billing-service", "inference-worker"})
    void everyContainerHasCpuAndMemoryRequestsAndLimits(String component) {
        var resources = Typed.container(manifests, component).getResources();
        assertThat(resources.getRequests()).containsKeys("cpu", "memory");
        assertThat(resources.getLimits()).containsKeys("cpu", "memory");
        assertThat(Quantity.getAmountInBytes(resources.getLimits().get("memory")))
                .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(resources.getRequests().get("memory")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "billing-service", "inference-worker"})
    void runsNonRootOnAReadOnlyRootWithAWritableTmp(String component) {
        Deployment deployment = Typed.deployment(manifests, component);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getEnableServiceLinks()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(container.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp") && m.getName().equals("tmp"));
        assertThat(pod.getVolumes()).anyMatch(v -> v.getName().equals("tmp") && v.getEmptyDir() != null);
        assertThat(pod.getServiceAccountName()).isEqualTo(Chart.FULLNAME + "-" + component);
        assertThat(manifests.find("ServiceAccount", Chart.FULLNAME + "-" + component)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "billing-service", "inference-worker"})
    void eachServiceHasAServiceAConfigMapAndAPodDisruptionBudget(String component) {
        Service service = Typed.as(manifests.get("Service", Chart.FULLNAME + "-" + component), Service.class);
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", component);
        PodDisruptionBudget pdb = Typed.as(manifests.get("PodDisruptionBudget", Chart.FULLNAME + "-" + component), PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", component);
        assertThat(Typed.configMap(manifests, component)).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0")
                .containsKey("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(Typed.deployment(manifests, component).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("checksum/config")
                .containsEntry("prometheus.io/path", "/q/metrics")
                .containsEntry("prometheus.io/port", String.valueOf(service.getSpec().getPorts().get(0).getPort()));
        assertThat(Typed.deployment(manifests, component).getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .singleElement().satisfies(spread -> {
                    assertThat(spread.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
                    assertThat(spread.getLabelSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", component);
                });
    }

    @Test
    void configMapsHoldNoSecrets() {
        for (JsonNode document : manifests.ofKind("ConfigMap")) {
            document.path("data").fields().forEachRemaining(entry -> {
                assertThat(entry.getKey()).as("ConfigMap key").doesNotMatch(SECRET_NAME);
                assertThat(entry.getValue().asText()).as(entry.getKey())
                        .doesNotContainIgnoringCase("password=").doesNotContain("@" /* no credentials in URLs */);
            });
        }
        assertThat(manifests.ofKind("Secret")).isEmpty();
    }

    @Test
    void credentialsComeFromSecretsOnly() {
        Map<String, List<String>> expected = Map.of(
                "api-gateway", List.of("QUARKUS_DATASOURCE_PASSWORD", "POOF_INTERNAL_TOKEN", "POOF_WEBHOOKS_ENCRYPTION_KEY",
                        "POOF_STORAGE_ACCESS_KEY", "POOF_STORAGE_SECRET_KEY"),
                "billing-service", List.of("QUARKUS_DATASOURCE_PASSWORD", "POOF_INTERNAL_TOKEN", "POOF_ADMIN_TOKEN"),
                "inference-worker", List.of("POOF_STORAGE_ACCESS_KEY", "POOF_STORAGE_SECRET_KEY"));
        expected.forEach((component, names) -> {
            Map<String, EnvVar> env = Typed.env(Typed.container(manifests, component));
            for (String name : names) {
                assertThat(env).containsKey(name);
                assertThat(env.get(name).getValue()).as(name).isNull();
                assertThat(env.get(name).getValueFrom().getSecretKeyRef().getName()).as(name).isNotBlank();
            }
            env.values().stream().filter(e -> SECRET_NAME.matcher(e.getName()).matches())
                    .forEach(e -> assertThat(e.getValueFrom()).as(component + " " + e.getName()).isNotNull());
        });
        // Both ends of the internal API read the same Secret key.
        assertThat(Typed.env(Typed.container(manifests, "api-gateway")).get("POOF_INTERNAL_TOKEN").getValueFrom().getSecretKeyRef())
                .isEqualTo(Typed.env(Typed.container(manifests, "billing-service")).get("POOF_INTERNAL_TOKEN").getValueFrom().getSecretKeyRef());
    }

    @Test
    void servicesAreWiredToEachOtherAndToExternalInfrastructure() {
        Map<String, String> gateway = Typed.configMap(manifests, "api-gateway");
        assertThat(gateway).containsEntry("QUARKUS_REST_CLIENT_BILLING_URL", "http://" + Chart.FULLNAME + "-billing-service:8081")
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://postgresql:5432/poof_gateway")
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgresql:5432/poof_gateway")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "poof_gateway")
                .containsEntry("QUARKUS_REDIS_HOSTS", "redis://redis:6379/0")
                .containsEntry("POOF_STORAGE_ENDPOINT", "http://minio:9000")
                .containsKeys("POOF_STORAGE_BUCKET", "POOF_STORAGE_REGION")
                // Unset, the gateway signs result URLs for its own endpoint.
                .doesNotContainKey("POOF_STORAGE_PUBLIC_ENDPOINT");
        assertThat(Typed.configMap(manifests, "billing-service"))
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgresql:5432/poof_billing")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "poof_billing");
        assertThat(manifests.ofKind("StatefulSet")).as("no bundled infrastructure by default").isEmpty();
    }

    @Test
    void ingressPublishesOnlyThePublicApiAndTheDashboardOfTheGateway() {
        Ingress ingress = Typed.as(manifests.get("Ingress", Chart.FULLNAME + "-api-gateway"), Ingress.class);
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().stream().flatMap(r -> r.getHttp().getPaths().stream()).toList();
        assertThat(paths).isNotEmpty().allSatisfy(path -> {
            assertThat(path.getBackend().getService().getName()).isEqualTo(Chart.FULLNAME + "-api-gateway");
            assertThat(path.getPathType()).isEqualTo("Prefix");
        });
        assertThat(paths).extracting(HTTPIngressPath::getPath).containsExactly("/v1", "/v1.0", "/dashboard");
        assertThat(ingress.getSpec().getDefaultBackend()).isNull();
        assertThat(manifests.ofKind("Ingress")).hasSize(1);
        // Behind the ingress: Secure cookies, and the client's address from the ingress's X-Forwarded-For.
        ConfigMap gateway = Typed.as(manifests.get("ConfigMap", Chart.FULLNAME + "-api-gateway"), ConfigMap.class);
        assertThat(gateway.getData()).containsEntry("POOF_DASHBOARD_SECURE_COOKIES", "true")
                .containsEntry("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true")
                .containsEntry("POOF_DASHBOARD_SESSION_IDLE_TIMEOUT", "30m");
        for (String internal : List.of("billing-service", "inference-worker")) {
            Service service = Typed.as(manifests.get("Service", Chart.FULLNAME + "-" + internal), Service.class);
            assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        }
    }

    @Test
    void workerRunsTheCpuImageOfflineWithFixedReplicas() {
        Deployment worker = Typed.deployment(manifests, "inference-worker");
        Container container = worker.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("poofbg/inference-worker:0.1.0-cpu");
        assertThat(worker.getSpec().getReplicas()).isEqualTo(2);
        assertThat(container.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
        Map<String, String> env = Typed.effectiveEnv(manifests, "inference-worker");
        assertThat(env).containsEntry("OPT_OUT_TRACKING", "true")
                .containsEntry("POOF_FETCH_ALLOW_LOOPBACK", "false")
                .containsEntry("OMP_WAIT_POLICY", "PASSIVE")
                .containsEntry("POOF_WORKER_CONCURRENCY", "2")
                .containsEntry("POOF_WORKER_MAX_ATTEMPTS", "3")
                .containsEntry("POOF_WORKER_SHUTDOWN_GRACE", "60s")
                // CPU limit 4; the worker divides them among its concurrent jobs.
                .containsEntry("POOF_MODEL_INTRA_OP_THREADS", "4");
        assertThat(env.get("JAVA_OPTS_APPEND")).contains("-Dai.djl.offline=true");
        assertThat(container.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals(env.get("DJL_CACHE_DIR")));
        assertThat(manifests.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(manifests.ofKind("ScaledObject")).isEmpty();
    }

    @Test
    void workerShutsDownGracefully() {
        PodSpec pod = Typed.deployment(manifests, "inference-worker").getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        long grace = pod.getTerminationGracePeriodSeconds();
        long jobSeconds = Long.parseLong(Typed.configMap(manifests, "inference-worker").get("POOF_WORKER_SHUTDOWN_GRACE").replace("s", ""));
        List<String> preStop = container.getLifecycle().getPreStop().getExec().getCommand();
        assertThat(preStop.get(0)).isEqualTo("sleep");
        assertThat(grace).isGreaterThan(jobSeconds + Long.parseLong(preStop.get(1)));
    }

    @Test
    void topicsAreCreatedByAPreInstallHookBeforeTheServicesStart() {
        JsonNode document = manifests.get("Job", Chart.FULLNAME + "-kafka-topics");
        assertThat(document.path("metadata").path("annotations").path("helm.sh/hook").asText()).isEqualTo("pre-install,pre-upgrade");
        Job job = Typed.as(document, Job.class);
        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).startsWith("apache/kafka:");
        String script = String.join("\n", container.getArgs());
        assertThat(script).contains("/opt/kafka/bin/kafka-topics.sh")
                .contains("ensure jobs.requested 12 3 604800000")
                .contains("ensure jobs.events 12 3 604800000")
                .contains("ensure jobs.events.dlq 3 3 2592000000");
        assertThat(Typed.env(container).get("BOOTSTRAP").getValue())
                .isEqualTo(Typed.configMap(manifests, "inference-worker").get("KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void allPodsIncludingJobsRunAsNonRoot() {
        for (String kind : List.of("Deployment", "StatefulSet", "Job")) {
            for (JsonNode document : manifests.ofKind(kind)) {
                JsonNode pod = document.path("spec").path("template").path("spec");
                assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(kind + " " + document.path("metadata").path("name")).isTrue();
                pod.path("containers").forEach(c -> assertThat(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse());
            }
        }
    }
}
