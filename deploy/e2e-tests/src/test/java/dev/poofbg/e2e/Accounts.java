package dev.poofbg.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Creates accounts and keys through billing's admin API, as an operator would. */
public final class Accounts {
    public record Account(String id, String key, String keyId) {
    }

    private Accounts() {
    }

    public static Account create(String plan) {
        return create(Platform.get().adminUrl(), Platform.ADMIN_TOKEN, plan);
    }

    /** On any platform whose admin API is at {@code adminUrl}: the suite's own, or one started by up.sh. */
    public static Account create(String adminUrl, String adminToken, String plan) {
        Http.Response account = Http.postJson(adminUrl + "/admin/v1/accounts", adminToken,
                Map.of("plan", plan, "email", "e2e-" + UUID.randomUUID() + "@example.com"));
        assertThat(account.status()).as(account.text()).isEqualTo(201);
        String id = account.json().get("id").asText();
        Http.Response key = Http.postJson(adminUrl + "/admin/v1/accounts/" + id + "/keys",
                adminToken, Map.of("name", "e2e"));
        assertThat(key.status()).as(key.text()).isEqualTo(201);
        JsonNode body = key.json();
        return new Account(id, body.get("key").asText(), body.get("id").asText());
    }

    public static void addCredits(String accountId, int credits) {
        Http.Response response = Http.postJson(Platform.get().adminUrl() + "/admin/v1/accounts/" + accountId
                + "/credits", Platform.ADMIN_TOKEN, Map.of("credits", credits));
        assertThat(response.status()).as(response.text()).isBetween(200, 201);
    }

    public static void revokeKey(String keyId) {
        Http.Response response = Http.send(Http.request(Platform.get().adminUrl() + "/admin/v1/keys/" + keyId,
                Platform.ADMIN_TOKEN).DELETE().build());
        assertThat(response.status()).as(response.text()).isBetween(200, 204);
    }
}
