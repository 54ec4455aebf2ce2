package dev.poofbg.billing.accounts;

import dev.poofbg.billing.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class AdminApiTest {

    @Test
    void createsAccountsOnEveryPlanWithTheirBalances() {
        record Expected(String plan, int remaining, int quota, int rpm) {
        }
        for (Expected e : new Expected[]{
                new Expected("free", 3, 0, 10), new Expected("payg", 0, 0, 30), new Expected("lite", 100, 100, 60),
                new Expected("pro", 500, 500, 120), new Expected("enterprise", -1, -1, 300)}) {
            String id = Api.admin().body(Map.of("plan", e.plan(), "email", "ops@example.com"))
                    .post("/admin/v1/accounts").then().statusCode(201)
                    .body("id", matchesPattern("acct_[0-9A-Za-z]{24}"))
                    .body("plan", equalTo(e.plan()))
                    .body("email", equalTo("ops@example.com"))
                    .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"))
                    .body("credits_remaining", equalTo(e.remaining()))
                    .body("credits_monthly_quota", equalTo(e.quota()))
                    .body("rate_limit.requests_per_minute", equalTo(e.rpm()))
                    .extract().path("id");
            Api.admin().get("/admin/v1/accounts/{id}", id).then().statusCode(200)
                    .body("id", equalTo(id)).body("credits_remaining", equalTo(e.remaining()));
        }
    }

    @Test
    void purchasesAndPlanChangesAreInTheLedger() {
        String id = Api.createAccount("payg");
        Api.admin().body(Map.of("credits", 50)).post("/admin/v1/accounts/{id}/credits", id).then().statusCode(200)
                .body("credits_remaining", equalTo(50)).body("prepaid_credits", equalTo(50));
        Api.admin().body(Map.of("plan", "pro")).put("/admin/v1/accounts/{id}/plan", id).then().statusCode(200)
                .body("plan", equalTo("pro")).body("credits_remaining", equalTo(550))
                .body("credits_monthly_quota", equalTo(500)).body("period_end", notNullValue());

        Api.admin().queryParam("limit", 1).get("/admin/v1/accounts/{id}/ledger", id).then().statusCode(200)
                .body("data.size()", equalTo(1)).body("limit", equalTo(1)).body("offset", equalTo(0))
                .body("total", equalTo(2))
                .body("data[0].kind", equalTo("renewal")).body("data[0].amount", equalTo(500));
        Api.admin().queryParam("limit", 1).queryParam("offset", 1).get("/admin/v1/accounts/{id}/ledger", id)
                .then().statusCode(200)
                .body("data[0].kind", equalTo("purchase")).body("data[0].amount", equalTo(50))
                .body("data[0].bucket", equalTo("prepaid")).body("data[0].prepaid_credits_after", equalTo(50));
        assertThat(Api.ledgerSum(id, "prepaid")).isEqualTo(50);
        assertThat(Api.ledgerSum(id, "monthly")).isEqualTo(500);
    }

    @Test
    void aPurchaseRepeatedWithItsReferenceAddsOnce() {
        String id = Api.createAccount("payg");
        List<CompletableFuture<Integer>> calls = IntStream.range(0, 10).mapToObj(i -> CompletableFuture.supplyAsync(() ->
                Api.admin().body(Map.of("credits", 25, "reference", "invoice-42"))
                        .post("/admin/v1/accounts/{id}/credits", id).statusCode())).toList();
        assertThat(calls.stream().map(CompletableFuture::join)).containsOnly(200);
        Api.admin().body(Map.of("credits", 25, "reference", "invoice-43")).post("/admin/v1/accounts/{id}/credits", id)
                .then().statusCode(200).body("credits_remaining", equalTo(50));
        assertThat(Api.ledger(id).getList("data.findAll { it.kind == 'purchase' }.reference"))
                .containsExactlyInAnyOrder("invoice-42", "invoice-43");
        expect400(Api.admin().body(Map.of("credits", 5, "reference", "")).post("/admin/v1/accounts/{id}/credits", id));
    }

    @Test
    void validationErrors() {
        String id = Api.createAccount("free");
        expect400(Api.admin().body(Map.of("plan", "gold", "email", "a@example.com")).post("/admin/v1/accounts"));
        expect400(Api.admin().body(Map.of("plan", "free", "email", "not-an-email")).post("/admin/v1/accounts"));
        expect400(Api.admin().body(Map.of("plan", "free")).post("/admin/v1/accounts"));
        expect400(Api.admin().post("/admin/v1/accounts"));
        expect400(Api.admin().body("{\"plan\":").post("/admin/v1/accounts"));
        expect400(Api.admin().body("[1,2]").post("/admin/v1/accounts"));
        expect400(Api.admin().body(Map.of("credits", 0)).post("/admin/v1/accounts/{id}/credits", id));
        expect400(Api.admin().body(Map.of("credits", -5)).post("/admin/v1/accounts/{id}/credits", id));
        expect400(Api.admin().body(Map.of("credits", "many")).post("/admin/v1/accounts/{id}/credits", id));
        // no rounding, no reading numbers out of strings: a purchase is exactly what was sent or nothing
        expect400(Api.admin().body("{\"credits\":1.5}").post("/admin/v1/accounts/{id}/credits", id))
                .then().body("error.message", equalTo("credits must be an integer from 1 to 1000000"));
        expect400(Api.admin().body("{\"credits\":99999999999999999999}").post("/admin/v1/accounts/{id}/credits", id))
                .then().body("error.message", equalTo("credits must be an integer from 1 to 1000000"));
        expect400(Api.admin().body("{\"credits\":\"5\"}").post("/admin/v1/accounts/{id}/credits", id))
                .then().body("error.message", equalTo("credits has the wrong type"));
        expect400(Api.admin().body(Map.of("plan", "platinum")).put("/admin/v1/accounts/{id}/plan", id));
        expect400(Api.admin().body(Map.of("name", "x".repeat(101))).post("/admin/v1/accounts/{id}/keys", id));
        expect400(Api.admin().queryParam("limit", 0).get("/admin/v1/accounts/{id}/ledger", id));
        expect400(Api.admin().queryParam("limit", "abc").get("/admin/v1/accounts/{id}/ledger", id));
        assertThat(Api.account(id).getLong("credits_remaining")).isEqualTo(3);
        // a whole number written as a float is that number
        Api.admin().body("{\"credits\":2.0}").post("/admin/v1/accounts/{id}/credits", id).then().statusCode(200);
        assertThat(Api.account(id).getLong("credits_remaining")).isEqualTo(5);
    }

    private static io.restassured.response.Response expect400(io.restassured.response.Response response) {
        response.then().statusCode(400).contentType(ContentType.JSON)
                .body("error.code", equalTo("INVALID_REQUEST")).body("error.message", notNullValue());
        return response;
    }

    @Test
    void unknownIdsAre404() {
        for (var response : new io.restassured.response.Response[]{
                Api.admin().get("/admin/v1/accounts/{id}", "acct_missing"),
                Api.admin().body(Map.of("plan", "pro")).put("/admin/v1/accounts/{id}/plan", "acct_missing"),
                Api.admin().body(Map.of("credits", 5)).post("/admin/v1/accounts/{id}/credits", "acct_missing"),
                Api.admin().get("/admin/v1/accounts/{id}/ledger", "acct_missing")}) {
            response.then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        }
    }

    @Test
    void tokensAreRequiredAndNotInterchangeable() {
        RestAssured.given().get("/admin/v1/accounts/{id}", "acct_x").then().statusCode(401)
                .body("error.code", equalTo("UNAUTHORIZED"));
        RestAssured.given().header("Authorization", "Bearer wrong").get("/admin/v1/accounts/x").then().statusCode(401)
                .body("error.code", equalTo("UNAUTHORIZED"));
        RestAssured.given().header("Authorization", "Bearer " + Api.INTERNAL_TOKEN).get("/admin/v1/accounts/x")
                .then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("key_hash", "0".repeat(64))).post("/internal/v1/keys/verify").then().statusCode(401);
        RestAssured.given().header("Authorization", Api.ADMIN_TOKEN).get("/admin/v1/accounts/x").then().statusCode(401);
        // Even unknown routes under the protected prefixes answer 401 without a token.
        RestAssured.given().get("/admin/v1/nothing-here").then().statusCode(401);
    }

    @Test
    void frameworkErrorsKeepTheContractShape() {
        Api.admin().get("/admin/v1/nothing-here").then().statusCode(404).contentType(ContentType.JSON)
                .body("error.code", equalTo("NOT_FOUND"));
        RestAssured.given().get("/nowhere").then().statusCode(404).contentType(ContentType.JSON)
                .body("error.code", equalTo("NOT_FOUND"));
        Api.admin().delete("/admin/v1/accounts/acct_x").then().statusCode(405).contentType(ContentType.JSON)
                .body("error.code", equalTo("INVALID_REQUEST"));
        Api.admin().contentType(ContentType.TEXT).body("plan=free").post("/admin/v1/accounts").then().statusCode(415)
                .contentType(ContentType.JSON).body("error.code", equalTo("INVALID_REQUEST"));
        Api.admin().body("{\"plan\": \"free\", \"email\": ").post("/admin/v1/accounts").then().statusCode(400)
                .body("error.message", equalTo("Malformed JSON body"))
                .body(not(containsString("at ")));
        Api.admin().body("{\"plan\":\"free\",\"email\":\"" + "a".repeat(100_000) + "@example.com\"}")
                .post("/admin/v1/accounts").then().statusCode(413).contentType(ContentType.JSON)
                .body("error.code", equalTo("INVALID_REQUEST"));
    }

    @Test
    void healthAndMetricsAreServed() {
        RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body(containsString("Database connections health check"))
                .body(containsString("jobs-events"));
        RestAssured.given().get("/q/metrics").then().statusCode(200).body(containsString("billing_reservations"));
    }
}
