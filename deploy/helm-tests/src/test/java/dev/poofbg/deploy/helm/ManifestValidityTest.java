package dev.poofbg.deploy.helm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rendered manifest of every scenario passes the strict offline validation. */
class ManifestValidityTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", "gpu-keda-external-values.yaml", "bundled-infra-values.yaml", "strimzi-values.yaml"})
    void everyManifestIsValid(String scenario) {
        Manifests manifests = scenario.equals("default") ? Chart.render() : Chart.render(Chart.scenario(scenario));
        assertThat(manifests.all()).isNotEmpty();
        assertThat(StrictManifestValidator.validate(manifests)).as("rendered:\n%s", manifests.yaml()).isEmpty();
    }

    /** Helm allows 53-character release names; every name and label derived from one must still be valid. */
    @Test
    void theLongestReleaseNameStillGivesValidNames() {
        String release = "a".repeat(53);
        Manifests manifests = Chart.render(release, List.of(Chart.scenario("bundled-infra-values.yaml")),
                Map.of("ingress.enabled", true, "networkPolicy.enabled", true));
        assertThat(StrictManifestValidator.validate(manifests)).isEmpty();
        assertThat(manifests.names()).contains("Deployment/" + "a".repeat(40) + "-inference-worker");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", "gpu-keda-external-values.yaml", "bundled-infra-values.yaml", "strimzi-values.yaml"})
    void noSecretObjectIsRendered(String scenario) {
        Manifests manifests = scenario.equals("default") ? Chart.render() : Chart.render(new Path[] {Chart.scenario(scenario)});
        assertThat(manifests.ofKind("Secret")).isEmpty();
    }
}
