package dev.poofbg.deploy.helm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfiles and the compose file, checked statically (no Docker engine here): instructions
 * and settings that must be there, references that must resolve, and the same configuration
 * names as the chart.
 */
class DockerArtifactsTest {

    static Path deploy;
    static Map<String, Object> compose;
    static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        deploy = Chart.dir().getParent().getParent();
        // SnakeYAML resolves the compose file's anchors and aliases the way Compose does.
        compose = new Yaml().load(Files.readString(deploy.resolve("compose/docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    /** Dockerfile instructions with continuation lines joined and comments dropped. */
    static List<String> instructions(String file) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(deploy.resolve("docker").resolve(file))) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                instructions.add(current.append(trimmed).toString());
                current.setLength(0);
            }
        }
        return instructions;
    }

    static Map<String, String> env(List<String> instructions) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        Pattern pair = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S*)");
        instructions.stream().filter(i -> i.startsWith("ENV ")).forEach(i -> {
            Matcher m = pair.matcher(i.substring(4));
            while (m.find()) {
                env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
            }
        });
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway.Dockerfile", "billing-service.Dockerfile", "inference-worker.Dockerfile", "inference-worker-cuda.Dockerfile"})
    void imagesRunTheQuarkusAppAsANonRootUser(String file) throws IOException {
        List<String> instructions = instructions(file);
        assertThat(instructions).filteredOn(i -> i.startsWith("FROM ")).isNotEmpty()
                .allSatisfy(from -> assertThat(from).matches("FROM [a-z0-9./-]+:[A-Za-z0-9._-]+( AS \\w+)?").doesNotContain(":latest"));
        String user = instructions.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user).isEqualTo("USER 185:185");
        assertThat(instructions.get(instructions.size() - 1))
                .isEqualTo("ENTRYPOINT [\"/bin/sh\", \"-c\", \"exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar\"]");
        for (String layer : List.of("lib/", "quarkus-run.jar", "app/", "quarkus/")) {
            assertThat(instructions).anyMatch(i -> i.startsWith("COPY " + layer + " /deployments/"));
        }
        assertThat(instructions).noneMatch(i -> i.startsWith("ADD "));
        assertThat(env(instructions)).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference-worker.Dockerfile", "inference-worker-cuda.Dockerfile"})
    void workerImagesBakeInTheDjlAndJemallocSettings(String file) throws IOException {
        List<String> instructions = instructions(file);
        Map<String, String> env = env(instructions);
        assertThat(env).containsEntry("OPT_OUT_TRACKING", "true")
                .containsEntry("LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2")
                .containsEntry("MALLOC_CONF", "oversize_threshold:0,background_thread:true,dirty_decay_ms:10000,muzzy_decay_ms:10000")
                .containsEntry("OMP_WAIT_POLICY", "PASSIVE")
                .containsEntry("POOF_FETCH_ALLOW_LOOPBACK", "false")
                .containsEntry("DJL_CACHE_DIR", "/var/cache/djl");
        assertThat(env.get("JAVA_OPTS")).contains("-Dai.djl.offline=true");
        assertThat(instructions).anyMatch(i -> i.startsWith("RUN apt-get update") && i.contains("libjemalloc2")
                && i.contains("test -f /usr/lib/x86_64-linux-gnu/libjemalloc.so.2"));
    }

    @Test
    void theCudaImageIsACudaBaseThatRefusesACpuBuild() throws IOException {
        List<String> instructions = instructions("inference-worker-cuda.Dockerfile");
        assertThat(instructions).anyMatch(i -> i.startsWith("FROM nvidia/cuda:") && i.contains("runtime"));
        assertThat(instructions).anyMatch(i -> i.startsWith("RUN if ls /deployments/lib/main | grep -q 'pytorch-native-cpu'"));
        assertThat(env(instructions)).containsEntry("NVIDIA_VISIBLE_DEVICES", "all").containsEntry("POOF_MODEL_DEVICE", "gpu");
        assertThat(instructions("inference-worker.Dockerfile"))
                .noneMatch(i -> i.startsWith("FROM nvidia/"));
    }

    @Test
    void composePublishesOnLoopbackOnlyAndPinsEveryImage() {
        services.forEach((name, service) -> {
            @SuppressWarnings("unchecked")
            List<String> ports = (List<String>) service.getOrDefault("ports", List.of());
            assertThat(ports).as(name).allMatch(p -> p.startsWith("127.0.0.1:"));
            String image = (String) service.get("image");
            assertThat(image).as(name).matches("[a-z0-9./-]+:[A-Za-z0-9._-]+").doesNotEndWith(":latest");
        });
        assertThat(services).containsKeys("postgres", "redis", "kafka", "minio", "kafka-topics", "minio-bucket",
                "api-gateway", "billing-service", "inference-worker");
        assertThat((String) services.get("kafka").get("image")).startsWith("apache/kafka:");
        assertThat((String) services.get("minio").get("image")).startsWith("minio/minio:");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeDependenciesResolveAndWaitForTheRightState() {
        services.forEach((name, service) -> {
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) service.getOrDefault("depends_on", Map.of());
            dependsOn.forEach((target, condition) -> {
                assertThat(services).as(name + " depends on " + target).containsKey(target);
                switch (condition.get("condition")) {
                    case "service_healthy" -> assertThat(services.get(target)).as(target).containsKey("healthcheck");
                    case "service_completed_successfully" -> assertThat(services.get(target).get("restart")).isEqualTo("no");
                    case "service_started" -> { }
                    default -> throw new AssertionError("unknown condition " + condition);
                }
            });
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeBuildsEachServiceFromItsDockerfileAndQuarkusApp() {
        for (String service : List.of("api-gateway", "billing-service", "inference-worker")) {
            Map<String, String> build = (Map<String, String>) services.get(service).get("build");
            Path context = deploy.resolve("compose").resolve(build.get("context")).normalize();
            assertThat(context).isEqualTo(deploy.getParent().resolve(service).resolve("target/quarkus-app"));
            Path dockerfile = context.resolve(build.get("dockerfile")).normalize();
            assertThat(dockerfile).isEqualTo(deploy.resolve("docker").resolve(service + ".Dockerfile")).isRegularFile();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeCreatesTheTopicsAndBothDatabases() throws IOException {
        String topics = String.join("\n", (List<String>) services.get("kafka-topics").get("command"));
        assertThat(topics).contains("jobs.requested:12:604800000").contains("jobs.events:12:604800000").contains("jobs.events.dlq:");
        Map<String, String> kafka = (Map<String, String>) services.get("kafka").get("environment");
        assertThat(kafka).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller").containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        String init = Files.readString(deploy.resolve("compose/postgres-init/10-poofbg-databases.sh"));
        assertThat(init).contains("CREATE DATABASE poof_gateway OWNER poof_gateway").contains("CREATE DATABASE poof_billing OWNER poof_billing");
        assertThat(Files.isExecutable(deploy.resolve("compose/postgres-init/10-poofbg-databases.sh"))).isTrue();
    }

    /** Compose configures each service with the same variable names the chart sets (ConfigMap or env). */
    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "billing-service", "inference-worker"})
    @SuppressWarnings("unchecked")
    void composeAndChartUseTheSameConfigurationNames(String component) {
        Manifests manifests = Chart.render(List.of(), Map.of("storage.publicEndpoint", "http://127.0.0.1:9000"));
        Set<String> chart = new HashSet<>(Typed.configMap(manifests, component).keySet());
        Typed.container(manifests, component).getEnv().forEach(e -> chart.add(e.getName()));
        Set<String> composeEnv = ((Map<String, Object>) services.get(component).get("environment")).keySet();
        assertThat(chart).containsAll(composeEnv);
        if (component.equals("inference-worker")) {
            assertThat(((Map<String, Object>) services.get(component).get("environment")))
                    .containsEntry("POOF_FETCH_ALLOW_LOOPBACK", "false");
        }
    }
}
