package dev.poofbg.billing.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.util.Map;

/** Calls the service the way the gateway and operators do, with the %test tokens. */
public final class Api {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    public static final String INTERNAL_TOKEN = "test-internal-token-0123456789abcdef";

    private Api() {
    }

    public static RequestSpecification admin() {
        return RestAssured.given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON);
    }

    public static RequestSpecification internal() {
        return RestAssured.given().header("Authorization", "Bearer " + INTERNAL_TOKEN).contentType(ContentType.JSON);
    }

    public static String createAccount(String plan) {
        return admin().body(Map.of("plan", plan, "email", "owner@example.com"))
                .post("/admin/v1/accounts").then().statusCode(201).extract().path("id");
    }

    public static void purchase(String accountId, long credits) {
        admin().body(Map.of("credits", credits)).post("/admin/v1/accounts/{id}/credits", accountId)
                .then().statusCode(200);
    }

    public static JsonPath account(String accountId) {
        return admin().get("/admin/v1/accounts/{id}", accountId).then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath ledger(String accountId) {
        return admin().queryParam("limit", 500).get("/admin/v1/accounts/{id}/ledger", accountId)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Sum of the ledger's amounts for one bucket: must equal that bucket's balance. */
    public static long ledgerSum(String accountId, String bucket) {
        return ledger(accountId).<Number>getList("data.findAll { it.bucket == '" + bucket + "' }.amount").stream()
                .mapToLong(Number::longValue).sum();
    }
}
