package dev.poofbg.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The three services come up ready together and expose health and metrics. */
@ExtendWith(Platform.class)
class PlatformReadyIT {

    @Test
    void everyServiceIsLiveReadyAndExportsMetrics() {
        Platform platform = Platform.get();
        for (String base : new String[] {platform.apiUrl(), platform.shortWaitApiUrl(), platform.adminUrl(),
                platform.worker.baseUrl()}) {
            Http.Response live = Http.get(base + "/q/health/live", null);
            assertThat(live.status()).as(base + " live: " + live.text()).isEqualTo(200);
            Http.Response ready = Http.get(base + "/q/health/ready", null);
            assertThat(ready.status()).as(base + " ready: " + ready.text()).isEqualTo(200);
            assertThat(ready.json().get("status").asText()).isEqualTo("UP");
            Http.Response metrics = Http.get(base + "/q/metrics", null);
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.text()).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void theWorkerIsReadyOnlyWithItsModelLoaded() {
        Http.Response ready = Http.get(Platform.get().worker.baseUrl() + "/q/health/ready", null);
        assertThat(ready.text()).containsIgnoringCase("model");
    }

    @Test
    void anUnauthenticatedRequestGetsTheContractError() {
        Http.Response response = Http.get(Platform.get().apiUrl() + "/v1/account", null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().at("/error/code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(response.json().at("/error/message").asText()).isNotBlank();
    }
}
