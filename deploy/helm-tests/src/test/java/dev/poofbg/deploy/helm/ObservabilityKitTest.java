package dev.poofbg.deploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's kit: ServiceMonitors that select the services, a PrometheusRule whose every alert links an existing
 * section of docs/runbooks.md, and the Grafana dashboard for the sidecar. Off by default. (That every metric they
 * name is exposed by the running services is checked by the end-to-end suite.)
 */
class ObservabilityKitTest {

    private static Manifests kit;

    @BeforeAll
    static void render() {
        kit = Chart.render(Chart.scenario("gpu-keda-external-values.yaml"));
    }

    @Test
    void nothingOfItIsRenderedByDefault() {
        Manifests defaults = Chart.render();
        assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();
        assertThat(defaults.ofKind("PrometheusRule")).isEmpty();
        assertThat(defaults.ofKind("ConfigMap")).noneMatch(map -> map.path("data").has("poofbg.json"));
    }

    @Test
    void eachServiceHasAServiceMonitorThatSelectsItsMetricsPort() {
        List<JsonNode> monitors = kit.ofKind("ServiceMonitor");
        assertThat(monitors).hasSize(3);
        for (JsonNode monitor : monitors) {
            JsonNode service = kit.get("Service", monitor.at("/metadata/name").asText());
            monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(label ->
                    assertThat(service.at("/metadata/labels").path(label.getKey()).asText())
                            .as("label %s of %s", label.getKey(), service.at("/metadata/name").asText())
                            .isEqualTo(label.getValue().asText()));
            JsonNode endpoint = monitor.at("/spec/endpoints/0");
            assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
            Set<String> ports = new HashSet<>();
            service.at("/spec/ports").forEach(port -> ports.add(port.path("name").asText()));
            assertThat(ports).contains(endpoint.path("port").asText());
            assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        }
    }

    @Test
    void everyAlertHasASeverityASummaryAndARunbookSectionThatExists() throws IOException {
        Set<String> anchors = Files.readAllLines(repo().resolve("docs/runbooks.md")).stream()
                .filter(line -> line.startsWith("## "))
                .map(line -> line.substring(3).trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        JsonNode rule = kit.ofKind("PrometheusRule").get(0);
        Set<String> alerts = new HashSet<>();
        rule.at("/spec/groups").forEach(group -> group.path("rules").forEach(alert -> {
            String name = alert.path("alert").asText();
            alerts.add(name);
            assertThat(alert.at("/labels/severity").asText()).as(name).isIn("warning", "critical");
            assertThat(alert.at("/annotations/summary").asText()).as(name).isNotBlank();
            String runbook = alert.at("/annotations/runbook_url").asText();
            assertThat(runbook).as(name).isEqualTo("https://docs.example.com/poofbg/runbooks.md#"
                    + name.toLowerCase(Locale.ROOT));
            assertThat(anchors).as("docs/runbooks.md has a section for " + name).contains(name.toLowerCase(Locale.ROOT));
        }));
        assertThat(alerts).contains("PoofBGNoWorkerConsuming", "PoofBGQueueLagHigh", "PoofBGJobFailureRatioHigh",
                "PoofBGJobsPastDeadline", "PoofBGHighServerErrorRatio", "PoofBGBillingUnreachable",
                "PoofBGRateLimiterDegraded");
        // Thresholds come from values; Prometheus's own templating reaches the annotations unrendered.
        String expressions = rule.toString();
        assertThat(expressions).contains("> 300").contains("> 0.1").contains("> 0.05")
                .contains("up{job=\\\"poof-poofbg-billing-service\\\"}").contains("{{ $value");
    }

    @Test
    void theDashboardIsAConfigMapForTheGrafanaSidecarWithAQueryInEveryPanel() throws IOException {
        JsonNode map = kit.get("ConfigMap", Chart.FULLNAME + "-dashboard");
        assertThat(map.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(map.at("/metadata/annotations/grafana_folder").asText()).isEqualTo("PoofBG");
        JsonNode dashboard = new ObjectMapper().readTree(map.at("/data/poofbg.json").asText());
        assertThat(dashboard.path("uid").asText()).isEqualTo("poofbg-overview");
        assertThat(dashboard.path("panels")).hasSizeGreaterThanOrEqualTo(8);
        List<String> titles = new java.util.ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            titles.add(panel.path("title").asText());
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(target -> assertThat(target.path("expr").asText()).isNotBlank());
        });
        assertThat(titles).contains("Throughput", "Job latency (acceptance to result)", "Queue", "Failures",
                "Worker saturation", "GPU utilisation (DCGM exporter)");
    }

    @Test
    void tracesAreExportedOnlyWhereACollectorIsNamed() {
        Manifests defaults = Chart.render();
        for (String component : List.of("api-gateway", "billing-service", "inference-worker")) {
            String name = Chart.FULLNAME + "-" + component;
            JsonNode off = defaults.get("ConfigMap", name).path("data");
            assertThat(off.path("QUARKUS_OTEL_TRACES_SAMPLER_ARG").asText()).as(component).isEqualTo("0.0");
            assertThat(off.has("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")).as(component).isFalse();
            JsonNode on = kit.get("ConfigMap", name).path("data");
            assertThat(on.path("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").asText())
                    .isEqualTo("http://otel-collector.monitoring:4318");
            assertThat(on.path("QUARKUS_OTEL_TRACES_SAMPLER_ARG").asText()).isEqualTo("0.25");
            assertThat(on.path("QUARKUS_LOG_CONSOLE_JSON_ENABLED").asText()).isEqualTo("true");
        }
    }

    private static Path repo() {
        return Chart.dir().resolve("../../..").normalize();
    }
}
