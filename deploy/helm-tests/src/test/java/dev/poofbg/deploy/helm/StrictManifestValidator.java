package dev.poofbg.deploy.helm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Strict offline validation of rendered manifests, standing in for a cluster's API server.
 *
 * <p>Each document is bound to the Fabric8 model class of its apiVersion/kind (the Kubernetes API
 * types): a field the type does not have ends in the model's additionalProperties and is reported
 * (what the API server's strict field validation rejects), a scalar of the wrong type fails binding
 * (no string/number/boolean coercion), repeated keys fail parsing. On top of that it checks what the
 * API server or the controllers would refuse or silently break on: names and labels, selectors that
 * match their pods, named ports, volumes, env vars, quantities, and every reference between objects.
 * Custom resources (KEDA ScaledObject, Strimzi KafkaTopic) are checked by {@link CustomResourceShapes}.
 */
final class StrictManifestValidator {

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class));

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern IANA_SVC_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    static final ObjectMapper STRICT = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    static {
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            STRICT.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
    }

    private final List<String> problems = new ArrayList<>();
    private final Map<String, HasMetadata> objects = new LinkedHashMap<>();

    /** Validates one rendering; returns every problem found (empty when the manifests are valid). */
    static List<String> validate(Manifests manifests) {
        StrictManifestValidator validator = new StrictManifestValidator();
        validator.run(manifests);
        return validator.problems;
    }

    private void run(Manifests manifests) {
        for (JsonNode document : manifests.all()) {
            String apiVersion = document.path("apiVersion").asText();
            String kind = document.path("kind").asText();
            String name = document.path("metadata").path("name").asText();
            String where = kind + "/" + name;
            Class<? extends HasMetadata> type = TYPES.get(apiVersion + "/" + kind);
            if (type == null) {
                List<String> shapeProblems = CustomResourceShapes.check(document);
                if (shapeProblems == null) {
                    problems.add(where + ": unsupported apiVersion/kind " + apiVersion + "/" + kind);
                } else {
                    shapeProblems.forEach(p -> problems.add(where + ": " + p));
                }
                continue;
            }
            HasMetadata object;
            try {
                object = STRICT.treeToValue(document, type);
            } catch (Exception e) {
                problems.add(where + ": does not bind to " + type.getSimpleName() + ": " + e.getMessage());
                continue;
            }
            unknownFields(object, where).forEach(problems::add);
            enums(document, "", where);
            if (objects.put(kind + "/" + name, object) != null) {
                problems.add(where + ": rendered twice");
            }
            checkMetadata(object, where);
        }
        for (Map.Entry<String, HasMetadata> entry : objects.entrySet()) {
            try {
                checkObject(entry.getKey(), entry.getValue());
            } catch (NullPointerException e) {
                // The checks walk required fields; a null one is what the API server would refuse.
                problems.add(entry.getKey() + ": a required field is missing (" + e.getMessage() + ")");
            }
        }
        for (JsonNode document : manifests.all()) {
            if ("ScaledObject".equals(document.path("kind").asText())) {
                JsonNode target = document.path("spec").path("scaleTargetRef");
                checkScaleTarget(target.path("kind").asText("Deployment"), target.path("name").asText(),
                        "ScaledObject/" + document.path("metadata").path("name").asText());
            }
        }
    }

    private void checkObject(String where, HasMetadata object) {
        {
            if (object instanceof Deployment d) {
                checkSelector(d.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate(), where);
                checkPod(d.getSpec().getTemplate(), where, Set.of("Always"), Set.of());
            } else if (object instanceof StatefulSet s) {
                checkSelector(s.getSpec().getSelector().getMatchLabels(), s.getSpec().getTemplate(), where);
                checkPod(s.getSpec().getTemplate(), where, Set.of("Always"),
                        s.getSpec().getVolumeClaimTemplates().stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet()));
                if (!objects.containsKey("Service/" + s.getSpec().getServiceName())) {
                    problems.add(where + ": serviceName " + s.getSpec().getServiceName() + " is not a rendered Service");
                }
            } else if (object instanceof Job j) {
                checkPod(j.getSpec().getTemplate(), where, Set.of("OnFailure", "Never"), Set.of());
            } else if (object instanceof Service s) {
                checkService(s, where);
            } else if (object instanceof HorizontalPodAutoscaler h) {
                checkScaleTarget(h.getSpec().getScaleTargetRef().getKind(), h.getSpec().getScaleTargetRef().getName(), where);
                if (h.getSpec().getMaxReplicas() == null || (h.getSpec().getMinReplicas() != null
                        && h.getSpec().getMinReplicas() > h.getSpec().getMaxReplicas())) {
                    problems.add(where + ": needs maxReplicas >= minReplicas");
                }
            } else if (object instanceof PodDisruptionBudget p) {
                if ((p.getSpec().getMinAvailable() == null) == (p.getSpec().getMaxUnavailable() == null)) {
                    problems.add(where + ": exactly one of minAvailable and maxUnavailable");
                }
                if (podsMatching(p.getSpec().getSelector().getMatchLabels()).isEmpty()) {
                    problems.add(where + ": selector matches no rendered pod template");
                }
            } else if (object instanceof Ingress i) {
                checkIngress(i, where);
            } else if (object instanceof NetworkPolicy n) {
                if (podsMatching(n.getSpec().getPodSelector().getMatchLabels()).isEmpty()) {
                    problems.add(where + ": podSelector matches no rendered pod template");
                }
            }
        }
    }

    // ---- unknown fields

    /** Paths of every field the Fabric8 model kept in an additionalProperties map, i.e. not a field of the API type. */
    static List<String> unknownFields(Object root, String where) {
        List<String> found = new ArrayList<>();
        walk(root, where, found, new IdentityHashMap<>());
        return found;
    }

    private static void walk(Object value, String path, List<String> found, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, found, seen));
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || method.getDeclaringClass() == Object.class || !method.getName().startsWith("get")) {
                continue;
            }
            Object child;
            try {
                child = method.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (method.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> found.add(path + ": unknown field \"" + k + "\""));
                }
                continue;
            }
            String property = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
            walk(child, path + "." + property, found, seen);
        }
    }

    // ---- enumerations (plain strings in the model, closed sets in the API)

    /** Allowed values by "parent.field" (or "field" anywhere): the API server rejects anything else. */
    private static final Map<String, Set<String>> ENUMS = Map.ofEntries(
            Map.entry("imagePullPolicy", Set.of("Always", "IfNotPresent", "Never")),
            Map.entry("ports[].protocol", Set.of("TCP", "UDP", "SCTP")),
            Map.entry("paths[].pathType", Set.of("Exact", "Prefix", "ImplementationSpecific")),
            Map.entry("policyTypes[]", Set.of("Ingress", "Egress")),
            Map.entry("tolerations[].operator", Set.of("Exists", "Equal")),
            Map.entry("tolerations[].effect", Set.of("NoSchedule", "PreferNoSchedule", "NoExecute")),
            Map.entry("whenUnsatisfiable", Set.of("DoNotSchedule", "ScheduleAnyway")),
            Map.entry("seccompProfile.type", Set.of("RuntimeDefault", "Localhost", "Unconfined")),
            Map.entry("strategy.type", Set.of("RollingUpdate", "Recreate")),
            Map.entry("updateStrategy.type", Set.of("RollingUpdate", "OnDelete")),
            Map.entry("spec.type", Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")),
            Map.entry("target.type", Set.of("Utilization", "Value", "AverageValue")),
            Map.entry("metrics[].type", Set.of("Resource", "Pods", "Object", "External", "ContainerResource")),
            Map.entry("policies[].type", Set.of("Pods", "Percent")),
            Map.entry("accessModes[]", Set.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod")),
            Map.entry("drop[]", Set.of("ALL", "AUDIT_CONTROL", "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
                    "MKNOD", "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT")));

    private void enums(JsonNode node, String parentKey, String where) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    Set<String> allowed = ENUMS.getOrDefault(parentKey + "." + field.getKey(), ENUMS.get(field.getKey()));
                    if (allowed != null && !allowed.contains(value.asText())) {
                        problems.add(where + ": " + field.getKey() + " \"" + value.asText() + "\" is not one of " + allowed);
                    }
                }
                enums(value, field.getKey(), where);
            });
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isTextual()) {
                    Set<String> allowed = ENUMS.get(parentKey + "[]");
                    if (allowed != null && !allowed.contains(item.asText())) {
                        problems.add(where + ": " + parentKey + " item \"" + item.asText() + "\" is not one of " + allowed);
                    }
                } else {
                    enums(item, parentKey + "[]", where);
                }
            }
        }
    }

    // ---- metadata

    private void checkMetadata(HasMetadata object, String where) {
        String name = object.getMetadata() == null ? null : object.getMetadata().getName();
        if (name == null || name.isEmpty()) {
            problems.add(where + ": metadata.name is required");
            return;
        }
        boolean dns1035 = object instanceof Service;
        if (dns1035 ? !(DNS_1035_LABEL.matcher(name).matches() && name.length() <= 63)
                : !(DNS_SUBDOMAIN.matcher(name).matches() && name.length() <= 253)) {
            problems.add(where + ": invalid name " + name);
        }
        if (object instanceof StatefulSet && name.length() > 52) {
            problems.add(where + ": name too long for the pods' controller-revision-hash label (52 at most)");
        }
        if (object.getMetadata().getNamespace() != null) {
            problems.add(where + ": hard-codes a namespace");
        }
        checkLabels(object.getMetadata().getLabels(), where + " metadata.labels");
    }

    private void checkLabels(Map<String, String> labels, String where) {
        if (labels == null) {
            return;
        }
        labels.forEach((key, value) -> {
            String keyName = key.contains("/") ? key.substring(key.indexOf('/') + 1) : key;
            String prefix = key.contains("/") ? key.substring(0, key.indexOf('/')) : null;
            if (!LABEL_NAME.matcher(keyName).matches() || keyName.length() > 63
                    || (prefix != null && !(DNS_SUBDOMAIN.matcher(prefix).matches() && prefix.length() <= 253))) {
                problems.add(where + ": invalid label key " + key);
            }
            if (value == null || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
                problems.add(where + ": invalid label value " + key + "=" + value);
            }
        });
    }

    // ---- workloads

    private void checkSelector(Map<String, String> selector, PodTemplateSpec template, String where) {
        Map<String, String> labels = template.getMetadata().getLabels();
        if (selector == null || selector.isEmpty() || labels == null || !labels.entrySet().containsAll(selector.entrySet())) {
            problems.add(where + ": selector " + selector + " does not match the pod template labels " + labels);
        }
    }

    private void checkPod(PodTemplateSpec template, String where, Set<String> restartPolicies, Set<String> claimVolumes) {
        checkLabels(template.getMetadata().getLabels(), where + " template labels");
        PodSpec pod = template.getSpec();
        if (pod.getRestartPolicy() != null && !restartPolicies.contains(pod.getRestartPolicy())) {
            problems.add(where + ": restartPolicy " + pod.getRestartPolicy() + " not allowed here");
        }
        if (!restartPolicies.contains("Always") && pod.getRestartPolicy() == null) {
            problems.add(where + ": a Job needs restartPolicy OnFailure or Never");
        }
        String account = pod.getServiceAccountName();
        if (account != null && !account.equals("default") && !objects.containsKey("ServiceAccount/" + account)) {
            problems.add(where + ": serviceAccountName " + account + " is not rendered");
        }
        Set<String> volumes = new HashSet<>(claimVolumes);
        for (Volume volume : pod.getVolumes()) {
            if (!volumes.add(volume.getName()) || !DNS_LABEL.matcher(volume.getName()).matches()) {
                problems.add(where + ": volume name " + volume.getName() + " invalid or repeated");
            }
            if (volume.getConfigMap() != null && !objects.containsKey("ConfigMap/" + volume.getConfigMap().getName())) {
                problems.add(where + ": volume " + volume.getName() + " mounts a ConfigMap that is not rendered");
            }
        }
        if (pod.getContainers().isEmpty()) {
            problems.add(where + ": no containers");
        }
        Set<String> containerNames = new HashSet<>();
        List<Container> all = new ArrayList<>(pod.getInitContainers());
        all.addAll(pod.getContainers());
        for (Container container : all) {
            String at = where + " container " + container.getName();
            if (container.getName() == null || !containerNames.add(container.getName())
                    || !DNS_LABEL.matcher(container.getName()).matches()) {
                problems.add(at + ": name missing, invalid or repeated");
            }
            if (container.getImage() == null || container.getImage().isBlank() || container.getImage().contains(" ")) {
                problems.add(at + ": image missing or malformed");
            }
            Set<String> portNames = new HashSet<>();
            Set<Integer> portNumbers = new HashSet<>();
            for (ContainerPort port : container.getPorts()) {
                if (port.getContainerPort() == null || port.getContainerPort() < 1 || port.getContainerPort() > 65535
                        || !portNumbers.add(port.getContainerPort())) {
                    problems.add(at + ": containerPort invalid or repeated");
                }
                if (port.getName() != null && (port.getName().length() > 15 || !IANA_SVC_NAME.matcher(port.getName()).matches()
                        || !portNames.add(port.getName()))) {
                    problems.add(at + ": port name " + port.getName() + " invalid or repeated");
                }
            }
            for (Probe probe : new Probe[] {container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe()}) {
                if (probe == null) {
                    continue;
                }
                int handlers = (probe.getHttpGet() != null ? 1 : 0) + (probe.getTcpSocket() != null ? 1 : 0)
                        + (probe.getExec() != null ? 1 : 0) + (probe.getGrpc() != null ? 1 : 0);
                if (handlers != 1) {
                    problems.add(at + ": a probe needs exactly one handler");
                }
                IntOrString port = probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                        : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
                if (port != null && port.getStrVal() != null && !portNames.contains(port.getStrVal())) {
                    problems.add(at + ": probe uses unknown port name " + port.getStrVal());
                }
            }
            Set<String> envNames = new HashSet<>();
            for (EnvVar env : container.getEnv()) {
                if (env.getName() == null || !ENV_NAME.matcher(env.getName()).matches() || !envNames.add(env.getName())) {
                    problems.add(at + ": env name " + env.getName() + " invalid or repeated");
                }
                if ((env.getValue() != null) == (env.getValueFrom() != null)) {
                    problems.add(at + ": env " + env.getName() + " needs exactly one of value and valueFrom");
                }
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    var ref = env.getValueFrom().getSecretKeyRef();
                    if (ref.getName() == null || ref.getName().isBlank() || ref.getKey() == null || ref.getKey().isBlank()) {
                        problems.add(at + ": env " + env.getName() + " secretKeyRef needs name and key");
                    }
                }
            }
            container.getEnvFrom().forEach(source -> {
                if (source.getConfigMapRef() != null && !objects.containsKey("ConfigMap/" + source.getConfigMapRef().getName())) {
                    problems.add(at + ": envFrom ConfigMap " + source.getConfigMapRef().getName() + " is not rendered");
                }
            });
            for (VolumeMount mount : container.getVolumeMounts()) {
                if (!volumes.contains(mount.getName())) {
                    problems.add(at + ": volumeMount " + mount.getName() + " has no volume");
                }
                if (mount.getMountPath() == null || !mount.getMountPath().startsWith("/")) {
                    problems.add(at + ": volumeMount " + mount.getName() + " needs an absolute mountPath");
                }
            }
            checkResources(container, at);
        }
    }

    private void checkResources(Container container, String at) {
        if (container.getResources() == null) {
            problems.add(at + ": no resources");
            return;
        }
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        Map<String, BigDecimal> parsedRequests = new HashMap<>();
        requests.forEach((k, q) -> parsedRequests.put(k, amount(q, at + " request " + k)));
        limits.forEach((k, q) -> {
            BigDecimal limit = amount(q, at + " limit " + k);
            BigDecimal request = parsedRequests.get(k);
            if (limit != null && request != null && request.compareTo(limit) > 0) {
                problems.add(at + ": request " + k + " above its limit");
            }
            if (k.contains("/") && request != null && request.compareTo(limit) != 0) {
                problems.add(at + ": extended resource " + k + " needs request == limit");
            }
        });
    }

    private BigDecimal amount(Quantity quantity, String where) {
        try {
            return Quantity.getAmountInBytes(quantity);
        } catch (RuntimeException e) {
            problems.add(where + ": invalid quantity " + quantity);
            return null;
        }
    }

    // ---- references between objects

    /** Pod templates (with their workload's key) whose labels include the selector. */
    private Map<String, PodTemplateSpec> podsMatching(Map<String, String> selector) {
        Map<String, PodTemplateSpec> matches = new LinkedHashMap<>();
        if (selector == null || selector.isEmpty()) {
            return matches;
        }
        objects.forEach((key, object) -> {
            PodTemplateSpec template = object instanceof Deployment d ? d.getSpec().getTemplate()
                    : object instanceof StatefulSet s ? s.getSpec().getTemplate() : null;
            if (template != null && template.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())) {
                matches.put(key, template);
            }
        });
        return matches;
    }

    private void checkService(Service service, String where) {
        Map<String, PodTemplateSpec> pods = podsMatching(service.getSpec().getSelector());
        if (pods.size() != 1) {
            problems.add(where + ": selector must match exactly one workload, matches " + pods.keySet());
            return;
        }
        PodTemplateSpec pod = pods.values().iterator().next();
        Set<String> names = new HashSet<>();
        for (ServicePort port : service.getSpec().getPorts()) {
            if (port.getName() == null || !names.add(port.getName())) {
                problems.add(where + ": port names must be set and unique");
            }
            if (port.getPort() == null || port.getPort() < 1 || port.getPort() > 65535) {
                problems.add(where + ": port " + port.getName() + " needs a port number (1-65535)");
                continue;
            }
            IntOrString target = port.getTargetPort();
            boolean found = pod.getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream()).anyMatch(p ->
                    target == null ? port.getPort().equals(p.getContainerPort())
                            : target.getStrVal() != null ? target.getStrVal().equals(p.getName())
                            : target.getIntVal().equals(p.getContainerPort()));
            if (!found) {
                problems.add(where + ": targetPort " + target + " is not a port of the selected pods");
            }
        }
    }

    private void checkScaleTarget(String kind, String name, String where) {
        if (!"Deployment".equals(kind) || !objects.containsKey("Deployment/" + name)) {
            problems.add(where + ": scale target " + kind + "/" + name + " is not a rendered Deployment");
        }
    }

    private void checkIngress(Ingress ingress, String where) {
        List<IngressBackend> backends = new ArrayList<>();
        if (ingress.getSpec().getDefaultBackend() != null) {
            backends.add(ingress.getSpec().getDefaultBackend());
        }
        ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
            if (path.getPath() == null || !path.getPath().startsWith("/")
                    || !Set.of("Prefix", "Exact", "ImplementationSpecific").contains(path.getPathType())) {
                problems.add(where + ": path needs an absolute path and a pathType");
            }
            backends.add(path.getBackend());
        }));
        for (IngressBackend backend : backends) {
            Service service = (Service) objects.get("Service/" + backend.getService().getName());
            if (service == null) {
                problems.add(where + ": backend Service " + backend.getService().getName() + " is not rendered");
                continue;
            }
            var port = backend.getService().getPort();
            boolean found = service.getSpec().getPorts().stream().anyMatch(p ->
                    port.getName() != null ? port.getName().equals(p.getName()) : port.getNumber().equals(p.getPort()));
            if (!found) {
                problems.add(where + ": backend port is not a port of Service " + service.getMetadata().getName());
            }
        }
    }

    /** Binds an HPA behavior block (also used inside KEDA's ScaledObject) strictly. */
    static List<String> checkBehavior(JsonNode behavior, String where) {
        try {
            return unknownFields(STRICT.treeToValue(behavior, HorizontalPodAutoscalerBehavior.class), where);
        } catch (Exception e) {
            return List.of(where + ": does not bind to HorizontalPodAutoscalerBehavior: " + e.getMessage());
        }
    }
}
