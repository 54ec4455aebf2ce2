package dev.poofbg.billing.keys;

import dev.poofbg.billing.support.Api;
import dev.poofbg.common.keys.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class KeyLifecycleTest {

    @Inject
    Pool database;

    @Test
    void createVerifyListRevoke() {
        String accountId = Api.createAccount("pro");
        JsonPath created = Api.admin().body(Map.of("name", "ci")).post("/admin/v1/accounts/{id}/keys", accountId)
                .then().statusCode(201)
                .body("name", equalTo("ci"))
                .body("account_id", equalTo(accountId))
                .body("created_at", notNullValue())
                .extract().jsonPath();
        String key = created.getString("key");
        String keyId = created.getString("id");
        assertThat(ApiKeys.isWellFormed(key)).isTrue();
        assertThat(key).matches("pk_live_[0-9A-Za-z]{40}");
        assertThat(created.getString("prefix")).isEqualTo(key.substring(0, 14));

        // At rest: the SHA-256 and the prefix, never the key.
        Row row = database.preparedQuery("select * from api_keys where id = $1").execute(Tuple.of(keyId))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(row.getString("key_hash")).isEqualTo(ApiKeys.hash(key));
        for (int i = 0; i < row.size(); i++) {
            assertThat(String.valueOf(row.getValue(i))).doesNotContain(key.substring(14));
        }

        Api.internal().body(Map.of("key_hash", ApiKeys.hash(key))).post("/internal/v1/keys/verify")
                .then().statusCode(200)
                .body("account_id", equalTo(accountId))
                .body("key_id", equalTo(keyId))
                .body("plan", equalTo("pro"))
                .body("requests_per_minute", equalTo(120));

        Api.admin().get("/admin/v1/accounts/{id}/keys", accountId).then().statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].id", equalTo(keyId))
                .body("data[0].prefix", equalTo(created.getString("prefix")))
                .body("data[0].revoked_at", nullValue())
                .body("data[0]", not(hasKey("key")))
                .body("data[0]", not(hasKey("key_hash")));

        Api.admin().delete("/admin/v1/keys/{id}", keyId).then().statusCode(200).body("revoked_at", notNullValue());
        String revokedAt = Api.admin().delete("/admin/v1/keys/{id}", keyId).then().statusCode(200)
                .extract().path("revoked_at");
        Api.admin().get("/admin/v1/accounts/{id}/keys", accountId).then().body("data[0].revoked_at", equalTo(revokedAt));

        Api.internal().body(Map.of("key_hash", ApiKeys.hash(key))).post("/internal/v1/keys/verify")
                .then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
    }

    @Test
    void verifyFollowsPlanChanges() {
        String accountId = Api.createAccount("free");
        String key = Api.admin().post("/admin/v1/accounts/{id}/keys", accountId).then().statusCode(201)
                .body("name", equalTo("default")).extract().path("key");
        Api.admin().body(Map.of("plan", "enterprise")).put("/admin/v1/accounts/{id}/plan", accountId)
                .then().statusCode(200).body("plan", equalTo("enterprise"));
        Api.internal().body(Map.of("key_hash", ApiKeys.hash(key))).post("/internal/v1/keys/verify")
                .then().statusCode(200).body("plan", equalTo("enterprise")).body("requests_per_minute", equalTo(300));
    }

    @Test
    void verifyRejectsUnknownAndMalformedHashes() {
        Api.internal().body(Map.of("key_hash", ApiKeys.hash(ApiKeys.generate()))).post("/internal/v1/keys/verify")
                .then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        Api.internal().body(Map.of("key_hash", "pk_live_plaintext")).post("/internal/v1/keys/verify")
                .then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
        Api.admin().post("/admin/v1/accounts/{id}/keys", "acct_missing").then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        Api.admin().delete("/admin/v1/keys/{id}", "key_missing").then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        Api.admin().get("/admin/v1/accounts/{id}/keys", "acct_missing").then().statusCode(404);
    }
}
