package dev.poofbg.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poofbg.billing.support.Api;
import dev.poofbg.billing.support.Events;
import dev.poofbg.common.JobIds;
import dev.poofbg.common.events.FailureReason;
import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.keys.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Captures everything the service logs while handling keys and tokens, and looks for them in it. */
@QuarkusTest
class SecretsNotLoggedTest {

    @Inject
    ObjectMapper mapper;

    private final StringBuffer captured = new StringBuffer();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            captured.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(' ')
                    .append(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage())
                    .append('\n');
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                captured.append(trace).append('\n');
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void startCapture() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void plaintextKeysAndTokensNeverReachTheLogs() {
        String accountId = Api.createAccount("free");
        String key = Api.admin().body(Map.of("name", "logged?")).post("/admin/v1/accounts/{id}/keys", accountId)
                .then().statusCode(201).extract().path("key");
        Api.internal().body(Map.of("key_hash", ApiKeys.hash(key))).post("/internal/v1/keys/verify").then().statusCode(200);
        // A caller that mistakes the key for its hash, and callers presenting the key as a token.
        Api.internal().body(Map.of("key_hash", key)).post("/internal/v1/keys/verify").then().statusCode(400);
        RestAssured.given().header("Authorization", "Bearer " + key).get("/admin/v1/accounts/{id}", accountId)
                .then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer " + key).get("/internal/v1/accounts/{id}/summary", accountId)
                .then().statusCode(401);
        Api.admin().body("{\"email\": \"" + key + "\", \"plan\": ").post("/admin/v1/accounts").then().statusCode(400);
        String keyId = Api.admin().get("/admin/v1/accounts/{id}/keys", accountId).then().extract().path("data[0].id");
        Api.admin().delete("/admin/v1/keys/{id}", keyId).then().statusCode(200);

        // Something the service does log, to prove the capture sees the service's log output.
        String unknownJob = JobIds.newId();
        try (Events events = new Events(mapper)) {
            events.send(JobEvent.failed(unknownJob, accountId, FailureReason.INTERNAL, "boom", Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> captured.toString().contains(unknownJob));
        assertThat(captured.toString()).contains("Key " + keyId + " created", "Key " + keyId + " of account");

        String logs = captured.toString();
        assertThat(logs).doesNotContain(key);
        assertThat(logs).doesNotContain(key.substring(ApiKeys.PREFIX.length()));
        assertThat(logs).doesNotContain(ApiKeys.hash(key));
        assertThat(logs).doesNotContain(Api.ADMIN_TOKEN);
        assertThat(logs).doesNotContain(Api.INTERNAL_TOKEN);
    }
}
