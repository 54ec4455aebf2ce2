package dev.poofbg.deploy.helm;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** helm lint --strict: warnings fail too. */
class ChartLintTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", "gpu-keda-external-values.yaml", "bundled-infra-values.yaml", "strimzi-values.yaml"})
    void lintsStrictly(String scenario) {
        LintResult result = scenario.equals("default") ? Chart.lintStrict() : Chart.lintStrict(Chart.scenario(scenario));
        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }
}
