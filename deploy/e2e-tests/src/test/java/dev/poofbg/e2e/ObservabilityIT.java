package dev.poofbg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric an alert of the chart's PrometheusRule or a panel of its Grafana dashboard uses is exposed by the
 * running services, so a rename cannot silently break an alert. The expressions are read from the chart's files
 * (deploy/helm/poofbg/files), the names from the three services' /q/metrics.
 */
@ExtendWith(Platform.class)
class ObservabilityIT {

    /** Series that come from elsewhere: Prometheus's own scrape health, NVIDIA's DCGM exporter. */
    private static final Set<String> EXTERNAL = Set.of("up", "DCGM_FI_DEV_GPU_UTIL");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "irate",
            "increase", "delta", "histogram_quantile", "clamp_min", "clamp_max", "vector", "or", "and", "unless",
            "by", "without", "on", "ignoring", "group_left", "group_right", "abs", "absent", "bool", "offset");
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{.*?}}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

    @Test
    void everyMetricTheAlertsAndTheDashboardUseIsExposed() throws Exception {
        exerciseTheLazilyRegisteredMetrics();
        Set<String> exposed = new TreeSet<>();
        for (String service : List.of(Platform.get().gateway.baseUrl(), Platform.get().billing.baseUrl(),
                Platform.get().workerUrl())) {
            exposed.addAll(scrape(service + "/q/metrics"));
        }
        Path chart = Path.of(System.getProperty("poof.repo.dir", "../..")).resolve("deploy/helm/poofbg/files");
        List<String> expressions = new ArrayList<>(alertExpressions(chart.resolve("alerts.yaml")));
        assertThat(expressions).as("alert expressions").hasSizeGreaterThanOrEqualTo(8);
        JsonNode dashboard = Http.JSON.readTree(Files.readString(chart.resolve("dashboard.json")));
        dashboard.path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> expressions.add(target.path("expr").asText())));

        Set<String> used = new TreeSet<>();
        expressions.forEach(expression -> used.addAll(metricNames(expression)));
        assertThat(used).as("metric names found in the expressions").contains("poof_jobs_unfinished",
                "http_server_requests_seconds_count", "poof_worker_stage_seconds_bucket");
        used.removeAll(EXTERNAL);
        assertThat(exposed).as("metrics the services expose").containsAll(used);
    }

    /** A job (stage timers, job counters), and a 429 (refusals by plan, registered at the first one). */
    private static void exerciseTheLazilyRegisteredMetrics() {
        Accounts.Account pro = Accounts.create("pro");
        Http.Response job = Http.postMultipart(Platform.get().apiUrl() + "/v1/remove-background", pro.key(),
                Http.Part.file("a.png", "image/png", TestImages.png(TestImages.subjectOnBackdrop(64, 48))));
        Jobs.awaitTerminal(Platform.get().apiUrl(), pro.key(), job.json().get("id").asText(), Duration.ofSeconds(60));
        Accounts.Account free = Accounts.create("free");
        int status = 200;
        for (int i = 0; i < 30 && status != 429; i++) {
            status = Http.get(Platform.get().apiUrl() + "/v1/account", free.key()).status();
        }
        assertThat(status).as("the free plan's limit refuses a request").isEqualTo(429);
    }

    private static Set<String> scrape(String url) {
        Http.Response response = Http.get(url, null);
        assertThat(response.status()).as(url).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        for (String line : response.text().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Matcher name = NAME.matcher(line);
                if (name.lookingAt()) {
                    names.add(name.group());
                }
            }
        }
        return names;
    }

    /** The expr blocks of the rule file, Helm's template actions removed. */
    private static List<String> alertExpressions(Path file) throws IOException {
        List<String> expressions = new ArrayList<>();
        StringBuilder current = null;
        int indent = 0;
        for (String raw : Files.readAllLines(file)) {
            String line = TEMPLATE.matcher(raw).replaceAll("0");
            int lineIndent = line.length() - line.stripLeading().length();
            if (current != null && (line.isBlank() || lineIndent > indent)) {
                current.append(' ').append(line.trim());
                continue;
            }
            if (current != null) {
                expressions.add(current.toString().trim());
                current = null;
            }
            if (line.trim().startsWith("expr:")) {
                current = new StringBuilder(line.trim().substring("expr:".length()).replace("|", ""));
                indent = lineIndent;
            }
        }
        if (current != null) {
            expressions.add(current.toString().trim());
        }
        return expressions;
    }

    /** The metric names of a PromQL expression: what is left once strings, matchers, groupings and numbers go. */
    static Set<String> metricNames(String expression) {
        String stripped = expression
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ")
                .replaceAll("(?<![A-Za-z_:])[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?", " ");
        Set<String> names = new TreeSet<>();
        Matcher token = NAME.matcher(stripped);
        while (token.find()) {
            if (!PROMQL_WORDS.contains(token.group())) {
                names.add(token.group());
            }
        }
        return names;
    }
}
