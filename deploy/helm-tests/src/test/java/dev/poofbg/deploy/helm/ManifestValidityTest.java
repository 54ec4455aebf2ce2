package dev.poofbg.deploy.helm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", "gpu-keda-external-values.yaml", "bundled-infra-values.yaml", "strimzi-values.yaml"})
    void noSecretObjectIsRendered(String scenario) {
        Manifests manifests = scenario.equals("default") ? Chart.render() : Chart.render(new Path[] {Chart.scenario(scenario)});
        assertThat(manifests.ofKind("Secret")).isEmpty();
    }
}
