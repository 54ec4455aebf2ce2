package dev.poofbg.deploy.helm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shapes of the custom resources the chart may render, checked field by field as their CRDs'
 * structural schemas would (unknown fields, types, required fields), since no CRD schema ships here:
 * KEDA's ScaledObject (keda.sh/v1alpha1) with the kafka and cpu scalers, Strimzi's KafkaTopic
 * (kafka.strimzi.io/v1beta2), the Prometheus Operator's ServiceMonitor and PrometheusRule (monitoring.coreos.com/v1).
 */
final class CustomResourceShapes {

    private static final Set<String> METADATA = Set.of("name", "labels", "annotations");
    private static final Set<String> SCALED_OBJECT_SPEC = Set.of("scaleTargetRef", "pollingInterval", "cooldownPeriod",
            "initialCooldownPeriod", "idleReplicaCount", "minReplicaCount", "maxReplicaCount", "fallback", "advanced", "triggers");
    private static final Set<String> SCALE_TARGET = Set.of("apiVersion", "kind", "name", "envSourceContainerName");
    private static final Set<String> FALLBACK = Set.of("failureThreshold", "replicas", "behavior");
    private static final Set<String> ADVANCED = Set.of("horizontalPodAutoscalerConfig", "restoreToOriginalReplicaCount", "scalingModifiers");
    private static final Set<String> HPA_CONFIG = Set.of("name", "behavior");
    private static final Set<String> TRIGGER = Set.of("type", "name", "metadata", "authenticationRef", "metricType", "useCachedMetrics");
    private static final Set<String> METRIC_TYPES = Set.of("AverageValue", "Value", "Utilization");
    /** Metadata keys of KEDA's kafka scaler (apache-kafka is a separate scaler type). */
    private static final Set<String> KAFKA_METADATA = Set.of("bootstrapServers", "consumerGroup", "topic", "lagThreshold",
            "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers", "scaleToZeroOnInvalidOffset",
            "excludePersistentLag", "version", "partitionLimitation", "sasl", "tls", "unsafeSsl",
            "limitToPartitionsWithLag", "ensureEvenDistributionOfPartitions");
    private static final Set<String> CPU_METADATA = Set.of("value", "containerName");
    private static final Set<String> KAFKA_TOPIC_SPEC = Set.of("topicName", "partitions", "replicas", "config");
    private static final Set<String> SERVICE_MONITOR_SPEC = Set.of("selector", "endpoints", "namespaceSelector",
            "jobLabel", "targetLabels", "podTargetLabels", "sampleLimit");
    private static final Set<String> SCRAPE_ENDPOINT = Set.of("port", "targetPort", "path", "scheme", "interval",
            "scrapeTimeout", "honorLabels", "relabelings", "metricRelabelings");
    private static final Set<String> RULE_GROUP = Set.of("name", "interval", "rules");
    private static final Set<String> RULE = Set.of("alert", "record", "expr", "for", "labels", "annotations");
    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("([0-9]+(ms|s|m|h|d|w|y))+");

    private CustomResourceShapes() {
    }

    /** Problems of a custom resource, or null when its apiVersion/kind is not one the chart may render. */
    static List<String> check(JsonNode document) {
        String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        return switch (type) {
            case "keda.sh/v1alpha1/ScaledObject" -> scaledObject(document);
            case "kafka.strimzi.io/v1beta2/KafkaTopic" -> kafkaTopic(document);
            case "monitoring.coreos.com/v1/ServiceMonitor" -> serviceMonitor(document);
            case "monitoring.coreos.com/v1/PrometheusRule" -> prometheusRule(document);
            default -> null;
        };
    }

    private static List<String> scaledObject(JsonNode document) {
        List<String> problems = new ArrayList<>();
        topLevel(document, problems);
        JsonNode spec = document.path("spec");
        onlyKeys(spec, SCALED_OBJECT_SPEC, "spec", problems);
        JsonNode target = spec.path("scaleTargetRef");
        onlyKeys(target, SCALE_TARGET, "spec.scaleTargetRef", problems);
        requiredString(target, "name", "spec.scaleTargetRef", problems);
        for (String field : List.of("pollingInterval", "cooldownPeriod", "initialCooldownPeriod", "idleReplicaCount",
                "minReplicaCount", "maxReplicaCount")) {
            if (spec.has(field) && !(spec.get(field).isInt() && spec.get(field).asInt() >= 0)) {
                problems.add("spec." + field + " must be a non-negative integer");
            }
        }
        if (spec.has("minReplicaCount") && spec.has("maxReplicaCount")
                && spec.get("minReplicaCount").asInt() > spec.get("maxReplicaCount").asInt()) {
            problems.add("spec.minReplicaCount above maxReplicaCount");
        }
        if (spec.has("fallback")) {
            JsonNode fallback = spec.get("fallback");
            onlyKeys(fallback, FALLBACK, "spec.fallback", problems);
            for (String field : List.of("failureThreshold", "replicas")) {
                if (!fallback.path(field).isInt()) {
                    problems.add("spec.fallback." + field + " is a required integer");
                }
            }
        }
        if (spec.has("advanced")) {
            JsonNode advanced = spec.get("advanced");
            onlyKeys(advanced, ADVANCED, "spec.advanced", problems);
            if (advanced.has("restoreToOriginalReplicaCount") && !advanced.get("restoreToOriginalReplicaCount").isBoolean()) {
                problems.add("spec.advanced.restoreToOriginalReplicaCount must be a boolean");
            }
            JsonNode hpa = advanced.path("horizontalPodAutoscalerConfig");
            if (!hpa.isMissingNode()) {
                onlyKeys(hpa, HPA_CONFIG, "spec.advanced.horizontalPodAutoscalerConfig", problems);
                if (hpa.has("behavior")) {
                    problems.addAll(StrictManifestValidator.checkBehavior(hpa.get("behavior"),
                            "spec.advanced.horizontalPodAutoscalerConfig.behavior"));
                }
            }
        }
        JsonNode triggers = spec.path("triggers");
        if (spec.has("fallback")) {
            // KEDA refuses a fallback unless every trigger is an AverageValue metric: no cpu/memory scaler.
            triggers.forEach(trigger -> {
                if (Set.of("cpu", "memory").contains(trigger.path("type").asText())
                        || !trigger.path("metricType").asText("AverageValue").equals("AverageValue")) {
                    problems.add("spec.fallback is not supported with a " + trigger.path("type").asText() + " trigger of metricType "
                            + trigger.path("metricType").asText("AverageValue"));
                }
            });
        }
        if (!triggers.isArray() || triggers.isEmpty()) {
            problems.add("spec.triggers is a required non-empty list");
            return problems;
        }
        for (int i = 0; i < triggers.size(); i++) {
            JsonNode trigger = triggers.get(i);
            String at = "spec.triggers[" + i + "]";
            onlyKeys(trigger, TRIGGER, at, problems);
            requiredString(trigger, "type", at, problems);
            if (trigger.has("metricType") && !METRIC_TYPES.contains(trigger.get("metricType").asText())) {
                problems.add(at + ".metricType must be one of " + METRIC_TYPES);
            }
            JsonNode metadata = trigger.path("metadata");
            if (!metadata.isObject()) {
                problems.add(at + ".metadata is a required map");
                continue;
            }
            // KEDA's metadata is map[string]string: an unquoted number or boolean is rejected.
            metadata.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    problems.add(at + ".metadata." + e.getKey() + " must be a string, is " + e.getValue().getNodeType());
                }
            });
            switch (trigger.path("type").asText()) {
                case "kafka" -> {
                    onlyKeys(metadata, KAFKA_METADATA, at + ".metadata", problems);
                    for (String field : List.of("bootstrapServers", "consumerGroup", "topic", "lagThreshold")) {
                        requiredString(metadata, field, at + ".metadata", problems);
                    }
                    positiveNumber(metadata, "lagThreshold", at, problems);
                    if (metadata.has("offsetResetPolicy") && !Set.of("earliest", "latest").contains(metadata.get("offsetResetPolicy").asText())) {
                        problems.add(at + ".metadata.offsetResetPolicy must be earliest or latest");
                    }
                    if (metadata.has("allowIdleConsumers") && !Set.of("true", "false").contains(metadata.get("allowIdleConsumers").asText())) {
                        problems.add(at + ".metadata.allowIdleConsumers must be \"true\" or \"false\"");
                    }
                }
                case "cpu" -> {
                    onlyKeys(metadata, CPU_METADATA, at + ".metadata", problems);
                    positiveNumber(metadata, "value", at, problems);
                    if (!Set.of("Utilization", "AverageValue").contains(trigger.path("metricType").asText())) {
                        problems.add(at + ": the cpu scaler needs metricType Utilization or AverageValue");
                    }
                }
                default -> problems.add(at + ": unexpected scaler type " + trigger.path("type").asText());
            }
        }
        return problems;
    }

    private static List<String> kafkaTopic(JsonNode document) {
        List<String> problems = new ArrayList<>();
        topLevel(document, problems);
        if (document.path("metadata").path("labels").path("strimzi.io/cluster").asText().isBlank()) {
            problems.add("metadata.labels needs strimzi.io/cluster");
        }
        JsonNode spec = document.path("spec");
        onlyKeys(spec, KAFKA_TOPIC_SPEC, "spec", problems);
        requiredString(spec, "topicName", "spec", problems);
        for (String field : List.of("partitions", "replicas")) {
            if (!(spec.path(field).isInt() && spec.get(field).asInt() >= 1)) {
                problems.add("spec." + field + " must be a positive integer");
            }
        }
        if (spec.has("config") && !spec.get("config").isObject()) {
            problems.add("spec.config must be a map");
        }
        return problems;
    }

    private static List<String> serviceMonitor(JsonNode document) {
        List<String> problems = new ArrayList<>();
        topLevel(document, problems);
        JsonNode spec = document.path("spec");
        onlyKeys(spec, SERVICE_MONITOR_SPEC, "spec", problems);
        if (!spec.path("selector").path("matchLabels").isObject() || spec.path("selector").path("matchLabels").isEmpty()) {
            problems.add("spec.selector.matchLabels is a required non-empty map");
        }
        JsonNode endpoints = spec.path("endpoints");
        if (!endpoints.isArray() || endpoints.isEmpty()) {
            problems.add("spec.endpoints is a required non-empty list");
            return problems;
        }
        for (int i = 0; i < endpoints.size(); i++) {
            JsonNode endpoint = endpoints.get(i);
            String at = "spec.endpoints[" + i + "]";
            onlyKeys(endpoint, SCRAPE_ENDPOINT, at, problems);
            requiredString(endpoint, "port", at, problems);
            for (String field : List.of("interval", "scrapeTimeout")) {
                if (endpoint.has(field) && !DURATION.matcher(endpoint.get(field).asText()).matches()) {
                    problems.add(at + "." + field + " is not a Prometheus duration");
                }
            }
        }
        return problems;
    }

    private static List<String> prometheusRule(JsonNode document) {
        List<String> problems = new ArrayList<>();
        topLevel(document, problems);
        JsonNode spec = document.path("spec");
        onlyKeys(spec, Set.of("groups"), "spec", problems);
        JsonNode groups = spec.path("groups");
        if (!groups.isArray() || groups.isEmpty()) {
            problems.add("spec.groups is a required non-empty list");
            return problems;
        }
        for (int g = 0; g < groups.size(); g++) {
            JsonNode group = groups.get(g);
            String at = "spec.groups[" + g + "]";
            onlyKeys(group, RULE_GROUP, at, problems);
            requiredString(group, "name", at, problems);
            JsonNode rules = group.path("rules");
            for (int r = 0; r < rules.size(); r++) {
                JsonNode rule = rules.get(r);
                String ruleAt = at + ".rules[" + r + "]";
                onlyKeys(rule, RULE, ruleAt, problems);
                requiredString(rule, "expr", ruleAt, problems);
                if (rule.has("alert") == rule.has("record")) {
                    problems.add(ruleAt + " needs exactly one of alert and record");
                }
                if (rule.has("for") && !DURATION.matcher(rule.get("for").asText()).matches()) {
                    problems.add(ruleAt + ".for is not a Prometheus duration");
                }
                for (String map : List.of("labels", "annotations")) {
                    rule.path(map).fields().forEachRemaining(e -> {
                        if (!e.getValue().isTextual()) {
                            problems.add(ruleAt + "." + map + "." + e.getKey() + " must be a string");
                        }
                    });
                }
            }
        }
        return problems;
    }

    private static void topLevel(JsonNode document, List<String> problems) {
        onlyKeys(document, Set.of("apiVersion", "kind", "metadata", "spec"), "", problems);
        onlyKeys(document.path("metadata"), METADATA, "metadata", problems);
        requiredString(document.path("metadata"), "name", "metadata", problems);
    }

    private static void onlyKeys(JsonNode node, Set<String> allowed, String at, List<String> problems) {
        if (node.isMissingNode()) {
            return;
        }
        if (!node.isObject()) {
            problems.add(at + " must be an object");
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            String key = fields.next().getKey();
            if (!allowed.contains(key)) {
                problems.add((at.isEmpty() ? "" : at + ": ") + "unknown field \"" + key + "\"");
            }
        }
    }

    private static void requiredString(JsonNode node, String field, String at, List<String> problems) {
        if (!node.path(field).isTextual() || node.path(field).asText().isBlank()) {
            problems.add(at + "." + field + " is a required string");
        }
    }

    private static void positiveNumber(JsonNode metadata, String field, String at, List<String> problems) {
        try {
            if (Double.parseDouble(metadata.path(field).asText()) <= 0) {
                problems.add(at + ".metadata." + field + " must be positive");
            }
        } catch (NumberFormatException e) {
            problems.add(at + ".metadata." + field + " must be a number");
        }
    }
}
