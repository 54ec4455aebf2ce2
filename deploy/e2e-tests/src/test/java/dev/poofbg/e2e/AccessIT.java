package dev.poofbg.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Rate limits and key revocation across the real gateway replicas, billing and Redis. */
@ExtendWith(Platform.class)
class AccessIT {

    @Test
    void twoGatewayReplicasShareOneSlidingWindowPerAccount() {
        Accounts.Account free = Accounts.create("free");
        String[] gateways = {Platform.get().apiUrl(), Platform.get().shortWaitApiUrl()};
        for (int i = 0; i < 10; i++) {
            Http.Response response = Http.get(gateways[i % 2] + "/v1/account", free.key());
            assertThat(response.status()).as("request " + i).isEqualTo(200);
            assertThat(response.header("X-RateLimit-Limit")).isEqualTo("10");
            assertThat(response.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(9 - i));
        }
        for (String gateway : gateways) {
            Http.Response limited = Http.get(gateway + "/v1/account", free.key());
            ErrorsIT.assertError(limited, 429, "RATE_LIMITED");
            assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("10");
            assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        }
    }

    @Test
    void theLimitIsPerAccountNotPerKey() {
        Accounts.Account free = Accounts.create("free");
        String secondKey = Http.postJson(Platform.get().adminUrl() + "/admin/v1/accounts/" + free.id() + "/keys",
                Platform.ADMIN_TOKEN, java.util.Map.of("name", "second")).json().get("key").asText();
        for (int i = 0; i < 10; i++) {
            String key = i % 2 == 0 ? free.key() : secondKey;
            assertThat(Http.get(Platform.get().apiUrl() + "/v1/account", key).status()).isEqualTo(200);
        }
        assertThat(Http.get(Platform.get().apiUrl() + "/v1/account", secondKey).status()).isEqualTo(429);
    }

    @Test
    void aRevokedKeyIsRefusedWithinFiveSeconds() {
        Accounts.Account pro = Accounts.create("pro");
        assertThat(Http.get(Platform.get().apiUrl() + "/v1/account", pro.key()).status()).isEqualTo(200);
        Accounts.revokeKey(pro.keyId());
        Instant revokedAt = Instant.now();
        int status = 200;
        while (Duration.between(revokedAt, Instant.now()).toMillis() < 5000) {
            status = Http.get(Platform.get().apiUrl() + "/v1/account", pro.key()).status();
            if (status == 401) {
                break;
            }
            Jobs.sleep(100);
        }
        assertThat(status).as("refused within 5 s of revocation").isEqualTo(401);
    }
}
