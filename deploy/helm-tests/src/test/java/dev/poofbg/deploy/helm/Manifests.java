package dev.poofbg.deploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/** The documents of one rendering, looked up by kind and name. */
record Manifests(String yaml, List<JsonNode> all) {

    static Manifests parse(String yaml) {
        List<JsonNode> documents = Chart.documents(yaml);
        for (JsonNode document : documents) {
            if (document.path("metadata").path("annotations") instanceof ObjectNode annotations
                    && annotations.has(Chart.HIDDEN_HOOK_ANNOTATION)) {
                annotations.set(Chart.HOOK_ANNOTATION, annotations.remove(Chart.HIDDEN_HOOK_ANNOTATION));
            }
        }
        return new Manifests(yaml.replace(Chart.HIDDEN_HOOK_ANNOTATION, Chart.HOOK_ANNOTATION), documents);
    }

    List<JsonNode> ofKind(String kind) {
        return all.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> name.equals(d.path("metadata").path("name").asText())).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in:\n" + names()));
    }

    /** The Deployment of one PoofBG component (api-gateway, billing-service, inference-worker). */
    JsonNode deployment(String component) {
        return get("Deployment", Chart.FULLNAME + "-" + component);
    }

    List<String> names() {
        return all.stream().map(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()).toList();
    }
}
