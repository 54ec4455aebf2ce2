package dev.poofbg.gateway.removal;

import dev.poofbg.common.events.JobRequested;
import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.TestImages;
import dev.poofbg.gateway.testing.TestWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Output options on POST /v1/remove-background: validated before any charge, shown on the job, sent to the worker. */
@QuarkusTest
@QuarkusTestResource(LoopbackBilling.class)
@QuarkusTestResource(TestWorker.class)
class OutputOptionsRequestTest {

    @Test
    void optionsOfAnUploadAreNormalisedShownAndSentToTheWorker() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.IGNORE);
        Response response = given().header("Authorization", account.bearer())
                .multiPart("file", "a.png", TestImages.png(16, 16), "image/png")
                .multiPart("format", "WEBP").multiPart("crop", "true").multiPart("crop_margin", "10%")
                .multiPart("bg_color", "SteelBlue").multiPart("size", "preview")
                .post("/v1/remove-background");
        response.then().statusCode(202)
                .body("options.format", equalTo("webp"))
                .body("options.bg_color", equalTo("#4682b4"))
                .body("options.crop", equalTo(true))
                .body("options.crop_margin", equalTo("10%"))
                .body("options.size", equalTo("preview"))
                .body("options.channels", equalTo("rgba"))
                .body("result", nullValue());
        JobRequested sent = TestWorker.received(response.path("id"));
        assertThat(sent.outputOptions().format()).isEqualTo(OutputOptions.Format.WEBP);
        assertThat(sent.outputOptions().margins().left()).isEqualTo(new OutputOptions.Margin(10, true));
    }

    @Test
    void aJpegWithoutAColourShowsTheWhiteItIsFlattenedOnto() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.IGNORE);
        given().header("Authorization", account.bearer()).contentType("application/json")
                .body(Map.of("image_url", "https://example.com/a.jpg", "format", "jpg", "crop", true,
                        "crop_margin", 30))
                .post("/v1/remove-background").then().statusCode(202)
                .body("options.format", equalTo("jpg"))
                .body("options.bg_color", equalTo("#ffffff"))
                .body("options.crop", equalTo(true))
                .body("options.crop_margin", equalTo("30"));
    }

    @Test
    void anInvalidOrUnknownOptionIsRefusedBeforeAnythingIsCharged() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        given().header("Authorization", account.bearer())
                .multiPart("file", "a.png", TestImages.png(16, 16), "image/png").multiPart("format", "gif")
                .post("/v1/remove-background").then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST"))
                .body("error.message", equalTo("format must be one of png, webp, jpg"));
        given().header("Authorization", account.bearer()).contentType("application/json")
                .body(Map.of("image_url", "https://example.com/a.jpg", "crop_margin", "900"))
                .post("/v1/remove-background").then().statusCode(400)
                .body("error.message", equalTo("crop_margin must be at most 500 pixels or 50%"));
        given().header("Authorization", account.bearer()).contentType("application/json")
                .body(Map.of("image_url", "https://example.com/a.jpg", "colour", "red"))
                .post("/v1/remove-background").then().statusCode(400)
                .body("error.message", org.hamcrest.Matchers.startsWith("Unknown field colour"));
        given().header("Authorization", account.bearer())
                .multiPart("file", "a.png", TestImages.png(16, 16), "image/png").multiPart("quality", "high")
                .post("/v1/remove-background").then().statusCode(400)
                .body("error.message", org.hamcrest.Matchers.startsWith("Unknown field quality"));
        given().header("Authorization", account.bearer()).contentType("application/json")
                .body(Map.of("image_url", "https://example.com/a.jpg", "size", Map.of("w", 1)))
                .post("/v1/remove-background").then().statusCode(400)
                .body("error.message", equalTo("size must be a string, a number or a boolean"));
        assertThat(account.reservations()).isZero();
    }

    @Test
    void aJsonBodyNearItsLimitArrivesWhole() {
        // Bodies over 16 KB come in several buffers; each size must be read as sent (no "Malformed JSON body").
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        for (int size : new int[]{1_000, 20_000, 60_000}) {
            given().header("Authorization", account.bearer()).contentType("application/json")
                    .body(Map.of("image_url", "https://example.com/a.jpg", "padding", "x".repeat(size)))
                    .post("/v1/remove-background").then().statusCode(400)
                    .body("error.message", org.hamcrest.Matchers.startsWith("Unknown field padding"));
        }
    }
}
