package dev.poofbg.deploy.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** NOTES.txt, rendered by a client-only dry-run install (no cluster involved). */
class NotesTest {

    private static String notes(Path... valuesFiles) {
        InstallCommand install = new Helm(Chart.dir()).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withKubeVersion("1.30.0").clientOnly().dryRun();
        for (Path file : valuesFiles) {
            install.withValuesFile(file);
        }
        String output = install.call().getOutput();
        assertThat(output).contains("NOTES:");
        return output.substring(output.indexOf("NOTES:"));
    }

    @Test
    void defaultNotesNameThePublicApiTheInternalAdminApiAndTheSecretsToCreate() {
        String notes = notes();
        assertThat(notes).contains("http://api.example.com/v1  (only /v1 of the api-gateway is published)")
                .contains("kubectl -n poofbg port-forward svc/poof-poofbg-billing-service 8081")
                .contains("storage.publicEndpoint is empty")
                .contains("poofbg-app: internal-token, admin-token, webhook-encryption-key (32 random bytes, base64)")
                .contains("poofbg-postgresql-gateway: password")
                .contains("poofbg-storage: access-key, secret-key")
                .contains("Fixed at 2 replicas")
                .doesNotContain("WARNING: bundled");
    }

    @Test
    void scenarioNotesDescribeKedaGpusAndBundledInfrastructure() {
        String gpu = notes(Chart.scenario("gpu-keda-external-values.yaml"));
        assertThat(gpu).contains("https://api.poofbg.example/v1")
                .contains("cuda image, 1 x nvidia.com/gpu each")
                .contains("1..24 replicas (lagThreshold 10)")
                .contains("prod-redis: password")
                .doesNotContain("publicEndpoint is empty")
                .containsPattern("\\)\\n\\nSecrets this release reads");
        String bundled = notes(Chart.scenario("bundled-infra-values.yaml"));
        assertThat(bundled).contains("WARNING: bundled single-node infrastructure is enabled (PostgreSQL Redis Kafka MinIO)")
                .contains("poofbg-postgresql-admin: password")
                .contains("port-forward svc/poof-poofbg-api-gateway 8080");
    }
}
