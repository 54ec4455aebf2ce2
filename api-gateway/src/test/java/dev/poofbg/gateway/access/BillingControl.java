package dev.poofbg.gateway.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poofbg.common.billing.KeyIdentity;
import dev.poofbg.common.keys.ApiKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The test's side of {@link KeyBillingDouble}: issues and revokes keys, and breaks billing on demand. */
final class BillingControl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final Map<String, String> accounts = new ConcurrentHashMap<>();

    BillingControl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A new key of a new account with the given per-minute limit. */
    String issueKey(int requestsPerMinute) {
        return issueKey("acct_" + UUID.randomUUID().toString().replace("-", ""), requestsPerMinute);
    }

    /** A new key of an existing account. */
    String issueKey(String accountId, int requestsPerMinute) {
        String key = ApiKeys.generate();
        try {
            byte[] identity = JSON.writeValueAsBytes(new KeyIdentity(accountId, "key_" + UUID.randomUUID(), "test", requestsPerMinute));
            call(HttpRequest.newBuilder(URI.create(baseUrl + "/keys/" + ApiKeys.hash(key)))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(identity)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        accounts.put(key, accountId);
        return key;
    }

    String accountOf(String key) {
        return accounts.get(key);
    }

    void revoke(String key) {
        call(HttpRequest.newBuilder(URI.create(baseUrl + "/keys/" + ApiKeys.hash(key))).DELETE());
    }

    int verifications() {
        return Integer.parseInt(call(HttpRequest.newBuilder(URI.create(baseUrl + "/verifications")).GET()));
    }

    /** While set, every verification answers 503 as an unhealthy billing would. */
    void failing(boolean failing) {
        call(HttpRequest.newBuilder(URI.create(baseUrl + "/failing")).PUT(HttpRequest.BodyPublishers.ofString(String.valueOf(failing))));
    }

    /** While set, every verification waits 3 s before answering, longer than the gateway waits. */
    void hanging(boolean hanging) {
        call(HttpRequest.newBuilder(URI.create(baseUrl + "/hanging")).PUT(HttpRequest.BodyPublishers.ofString(String.valueOf(hanging))));
    }

    /** While unset, nothing listens on billing's port. */
    void reachable(boolean reachable) {
        call(HttpRequest.newBuilder(URI.create(baseUrl + "/reachable")).PUT(HttpRequest.BodyPublishers.ofString(String.valueOf(reachable))));
    }

    private String call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("billing double answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
