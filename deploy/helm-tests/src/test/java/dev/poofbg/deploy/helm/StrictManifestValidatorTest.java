package dev.poofbg.deploy.helm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validator itself: it must reject what an API server (or the KEDA/Strimzi CRDs) would reject. */
class StrictManifestValidatorTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: %s
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: nginx:1
                      %s
                      ports: [{name: http, containerPort: 8080}]
                      resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 128Mi}}
                      readinessProbe: {httpGet: {path: /, port: %s}}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector: {app: %s}
              ports: [{name: http, port: 80, targetPort: http}]
            """;

    private static List<String> validate(String yaml) {
        return StrictManifestValidator.validate(Manifests.parse(yaml));
    }

    private static String deployment(String replicas, String extraContainerField, String probePort, String serviceSelector) {
        return DEPLOYMENT.formatted(replicas, extraContainerField, probePort, serviceSelector);
    }

    @Test
    void acceptsAValidDeploymentAndService() {
        assertThat(validate(deployment("2", "imagePullPolicy: Always", "http", "web"))).isEmpty();
    }

    @Test
    void rejectsAnUnknownField() {
        assertThat(validate(deployment("2", "imagePullPolicyy: Always", "http", "web")))
                .anyMatch(p -> p.contains("unknown field \"imagePullPolicyy\""));
    }

    @Test
    void rejectsAWronglyTypedScalar() {
        assertThat(validate(deployment("\"2\"", "imagePullPolicy: Always", "http", "web")))
                .anyMatch(p -> p.contains("does not bind to Deployment"));
        assertThat(validate(deployment("2", "env: [{name: A, value: 5}]", "http", "web")))
                .anyMatch(p -> p.contains("does not bind to Deployment"));
    }

    @Test
    void rejectsValuesOutsideAnEnumeration() {
        assertThat(validate(deployment("2", "imagePullPolicy: Sometimes", "http", "web")))
                .anyMatch(p -> p.contains("imagePullPolicy \"Sometimes\" is not one of"));
        assertThat(validate(deployment("2", "securityContext: {capabilities: {drop: [all]}}", "http", "web")))
                .anyMatch(p -> p.contains("drop item \"all\" is not one of"));
    }

    @Test
    void rejectsDanglingReferences() {
        assertThat(validate(deployment("2", "imagePullPolicy: Always", "metrics", "web")))
                .anyMatch(p -> p.contains("probe uses unknown port name metrics"));
        assertThat(validate(deployment("2", "imagePullPolicy: Always", "http", "api")))
                .anyMatch(p -> p.contains("selector must match exactly one workload"));
        assertThat(validate(deployment("2", "envFrom: [{configMapRef: {name: missing}}]", "http", "web")))
                .anyMatch(p -> p.contains("envFrom ConfigMap missing is not rendered"));
    }

    @Test
    void rejectsAMissingRequiredField() {
        assertThat(validate(deployment("2", "imagePullPolicy: Always", "http", "web").replace("ports: [{name: http, port: 80, targetPort: http}]",
                "ports: [{name: http, targetPort: http}]")))
                .anyMatch(p -> p.contains("Service/web: port http needs a port number"));
    }

    @Test
    void rejectsRepeatedKeys() {
        assertThatThrownBy(() -> Manifests.parse("apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: {name: x}\n"))
                .hasMessageContaining("Duplicate field 'kind'");
    }

    @Test
    void rejectsKindsItDoesNotKnow() {
        assertThat(validate("apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: old}\n"))
                .anyMatch(p -> p.contains("unsupported apiVersion/kind"));
    }

    @Test
    void checksTheScaledObjectShape() {
        String scaledObject = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: worker}
                spec:
                  scaleTargetRef: {name: web}
                  maxReplicaCount: 3
                  pollingIntervall: 5
                  triggers:
                    - type: kafka
                      metadata: {bootstrapServers: "k:9092", consumerGroup: g, topic: t, lagThreshold: 5}
                """;
        List<String> problems = validate(deployment("2", "imagePullPolicy: Always", "http", "web") + "---\n" + scaledObject);
        assertThat(problems).anyMatch(p -> p.contains("unknown field \"pollingIntervall\""))
                .anyMatch(p -> p.contains("metadata.lagThreshold must be a string"));
        String withFallbackAndCpu = scaledObject.replace("  pollingIntervall: 5\n", "  fallback: {failureThreshold: 3, replicas: 2}\n")
                + "    - type: cpu\n      metricType: Utilization\n      metadata: {value: \"70\"}\n";
        assertThat(validate(deployment("2", "imagePullPolicy: Always", "http", "web") + "---\n" + withFallbackAndCpu))
                .anyMatch(p -> p.contains("spec.fallback is not supported with a cpu trigger"));
        assertThat(validate(scaledObject.replace("{name: web}", "{name: nowhere}")))
                .anyMatch(p -> p.contains("scale target Deployment/nowhere is not a rendered Deployment"));
    }
}
