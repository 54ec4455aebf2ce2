package dev.poofbg.deploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.LinkedHashMap;
import java.util.Map;

/** Rendered documents as Fabric8 API objects, for assertions. */
final class Typed {

    private Typed() {
    }

    static <T> T as(JsonNode document, Class<T> type) {
        try {
            return StrictManifestValidator.STRICT.treeToValue(document, type);
        } catch (Exception e) {
            throw new AssertionError("does not bind to " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    static Deployment deployment(Manifests manifests, String component) {
        return as(manifests.deployment(component), Deployment.class);
    }

    static Container container(Manifests manifests, String component) {
        return deployment(manifests, component).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Map<String, String> configMap(Manifests manifests, String component) {
        return as(manifests.get("ConfigMap", Chart.FULLNAME + "-" + component), ConfigMap.class).getData();
    }

    static Map<String, EnvVar> env(Container container) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        container.getEnv().forEach(e -> env.put(e.getName(), e));
        return env;
    }

    /** Effective plain environment: the ConfigMap behind envFrom, overridden by literal env values. */
    static Map<String, String> effectiveEnv(Manifests manifests, String component) {
        Map<String, String> env = new LinkedHashMap<>(configMap(manifests, component));
        container(manifests, component).getEnv().stream().filter(e -> e.getValue() != null)
                .forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }
}
