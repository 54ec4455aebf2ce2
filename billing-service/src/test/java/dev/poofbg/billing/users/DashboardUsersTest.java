package dev.poofbg.billing.users;

import dev.poofbg.billing.support.Api;
import dev.poofbg.common.keys.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class DashboardUsersTest {

    private static final String PASSWORD = "correct horse battery";

    @Inject
    Pool database;

    private static String email() {
        return "user-" + UUID.randomUUID() + "@Example.com";
    }

    private static JsonPath signUp(String email) {
        return Api.internal().body(Map.of("email", email, "password", PASSWORD)).post("/internal/v1/users")
                .then().statusCode(201)
                .body("email", equalTo(email))
                .body("operator", equalTo(false))
                .body("account_suspended", equalTo(false))
                .extract().jsonPath();
    }

    @Test
    void signUpMakesAFreeAccountWithItsOwnerAndStoresOnlyAnArgon2idHash() {
        String email = email();
        JsonPath user = signUp(email);
        String accountId = user.getString("account_id");
        Api.account(accountId).getString("plan");
        assertThat(Api.account(accountId).getString("plan")).isEqualTo("free");
        assertThat(Api.account(accountId).getLong("credits_remaining")).isEqualTo(3);

        String stored = database.preparedQuery("select password_hash from users where id = $1")
                .execute(Tuple.of(user.getString("id"))).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0);
        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
    }

    @Test
    void emailAddressesAreUniqueWhateverTheirCase() {
        String email = email();
        signUp(email);
        Api.internal().body(Map.of("email", email.toUpperCase(), "password", PASSWORD)).post("/internal/v1/users")
                .then().statusCode(400).body("error.message", containsString("already exists"));
    }

    @Test
    void signUpRefusesShortPasswordsAndBadAddresses() {
        Api.internal().body(Map.of("email", email(), "password", "123456789")).post("/internal/v1/users")
                .then().statusCode(400).body("error.message", containsString("10 to"));
        Api.internal().body(Map.of("email", "not an address", "password", PASSWORD)).post("/internal/v1/users")
                .then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
    }

    @Test
    void signInChecksThePasswordAndTheAddressCaseInsensitively() {
        String email = email();
        String id = signUp(email).getString("id");
        Api.internal().body(Map.of("email", email.toLowerCase(), "password", PASSWORD))
                .post("/internal/v1/users/authenticate").then().statusCode(200).body("id", equalTo(id));
        Api.internal().body(Map.of("email", email, "password", PASSWORD + "x"))
                .post("/internal/v1/users/authenticate").then().statusCode(401);
        Api.internal().body(Map.of("email", "nobody-" + email, "password", PASSWORD))
                .post("/internal/v1/users/authenticate").then().statusCode(401)
                .body("error.message", equalTo("Wrong e-mail address or password"));
    }

    @Test
    void aPasswordChangeNeedsTheCurrentOneAndMovesTheChangeTime() {
        String email = email();
        JsonPath user = signUp(email);
        String id = user.getString("id");
        Api.internal().body(Map.of("current_password", "wrong password!", "new_password", "another long password"))
                .put("/internal/v1/users/{id}/password", id).then().statusCode(401);
        String changedAt = Api.internal().body(Map.of("current_password", PASSWORD, "new_password", "another long password"))
                .put("/internal/v1/users/{id}/password", id).then().statusCode(200)
                .extract().path("password_changed_at");
        assertThat(changedAt).isGreaterThan(user.getString("password_changed_at"));
        Api.internal().body(Map.of("email", email, "password", "another long password"))
                .post("/internal/v1/users/authenticate").then().statusCode(200);
        Api.internal().body(Map.of("email", email, "password", PASSWORD))
                .post("/internal/v1/users/authenticate").then().statusCode(401);
    }

    @Test
    void onlyTheAdminApiMakesOperators() {
        String email = email();
        signUp(email);
        Api.admin().body(Map.of("email", email, "operator", true)).put("/admin/v1/users/operator")
                .then().statusCode(200).body("operator", equalTo(true));
        Api.internal().body(Map.of("email", email, "operator", true)).put("/admin/v1/users/operator")
                .then().statusCode(401);
        String operator = email();
        Api.admin().body(Map.of("email", operator, "password", PASSWORD, "operator", true)).post("/admin/v1/users")
                .then().statusCode(201).body("operator", equalTo(true));
    }

    @Test
    void aSuspendedAccountsKeysAreRefusedAndItsUsersSayItIsSuspended() {
        JsonPath user = signUp(email());
        String accountId = user.getString("account_id");
        String key = Api.internal().body(Map.of("name", "ci")).post("/internal/v1/accounts/{id}/keys", accountId)
                .then().statusCode(201).extract().path("key");
        Api.internal().body(Map.of("key_hash", ApiKeys.hash(key))).post("/internal/v1/keys/verify").then().statusCode(200);

        Api.internal().body(Map.of("suspended", true)).put("/internal/v1/accounts/{id}/suspension", accountId)
                .then().statusCode(200).body("suspended_at", notNullValue());
        Api.internal().body(Map.of("key_hash", ApiKeys.hash(key))).post("/internal/v1/keys/verify").then().statusCode(404);
        Api.internal().get("/internal/v1/users/{id}", user.getString("id")).then().statusCode(200)
                .body("account_suspended", equalTo(true));

        Api.admin().body(Map.of("suspended", false)).put("/admin/v1/accounts/{id}/suspension", accountId)
                .then().statusCode(200).body("suspended_at", nullValue());
        Api.internal().body(Map.of("key_hash", ApiKeys.hash(key))).post("/internal/v1/keys/verify").then().statusCode(200);
    }

    @Test
    void anAccountHasAtMostTwentyActiveKeysAndRevokesOnlyItsOwn() {
        String accountId = signUp(email()).getString("account_id");
        String other = signUp(email()).getString("account_id");
        String first = null;
        for (int i = 0; i < 20; i++) {
            String id = Api.internal().body(Map.of("name", "k" + i)).post("/internal/v1/accounts/{id}/keys", accountId)
                    .then().statusCode(201).extract().path("id");
            first = first == null ? id : first;
        }
        Api.internal().body(Map.of("name", "one too many")).post("/internal/v1/accounts/{id}/keys", accountId)
                .then().statusCode(400).body("error.message", containsString("at most 20 active keys"));

        Api.internal().post("/internal/v1/accounts/{id}/keys/{key}/revoke", other, first).then().statusCode(404);
        Api.internal().post("/internal/v1/accounts/{id}/keys/{key}/revoke", accountId, first).then().statusCode(200)
                .body("revoked_at", notNullValue());
        Api.internal().body(Map.of("name", "replacement")).post("/internal/v1/accounts/{id}/keys", accountId)
                .then().statusCode(201);
    }

    @Test
    void keyUsageKeepsTheLatestTimeWhateverTheOrderOfReports() {
        String accountId = Api.createAccount("pro");
        String keyId = Api.internal().body(Map.of()).post("/internal/v1/accounts/{id}/keys", accountId)
                .then().statusCode(201).extract().path("id");
        Api.internal().body(Map.of("keys", java.util.List.of(Map.of("key_id", keyId, "last_used_at", "2026-12-07T10:00:00Z"))))
                .post("/internal/v1/keys/usage").then().statusCode(204);
        Api.internal().body(Map.of("keys", java.util.List.of(Map.of("key_id", keyId, "last_used_at", "2026-12-07T09:00:00Z"))))
                .post("/internal/v1/keys/usage").then().statusCode(204);
        Api.internal().get("/internal/v1/accounts/{id}/keys", accountId).then().statusCode(200)
                .body("data[0].last_used_at", equalTo("2026-12-07T10:00:00Z"));
    }

    @Test
    void operatorsFindAccountsByAddressOrId() {
        String email = email();
        String accountId = signUp(email).getString("account_id");
        Api.internal().queryParam("query", email.substring(0, 20).toUpperCase()).get("/internal/v1/accounts")
                .then().statusCode(200).body("data.id", hasItem(accountId));
        Api.admin().queryParam("query", accountId).get("/admin/v1/accounts")
                .then().statusCode(200).body("data.size()", equalTo(1)).body("data[0].email", equalTo(email));
        Api.internal().get("/internal/v1/plans").then().statusCode(200).body("data.size()", equalTo(5))
                .body("data.find { it.id == 'free' }.requests_per_minute", equalTo(10));
    }
}
