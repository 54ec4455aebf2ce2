package dev.poofbg.gateway.removebg;

import dev.poofbg.common.events.JobRequested;
import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.TestImages;
import dev.poofbg.gateway.testing.TestWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** POST /v1.0/removebg and GET /v1.0/account, driven as remove.bg's clients drive them. */
@QuarkusTest
@QuarkusTestResource(LoopbackBilling.class)
@QuarkusTestResource(TestWorker.class)
class RemoveBgApiTest {

    @Test
    void aMultipartUploadIsAnsweredWithTheImageAndRemoveBgsHeaders() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        long before = System.currentTimeMillis() / 1000;
        Response response = given().header("X-Api-Key", account.key)
                .multiPart("image_file", "a.png", TestImages.png(16, 16), "image/png")
                .multiPart("size", "auto")
                .post("/v1.0/removebg");
        response.then().statusCode(200).contentType("image/png")
                .header("X-Type", "other")
                .header("X-Width", "4").header("X-Height", "4")
                .header("X-Credits-Charged", "1")
                .header("X-Foreground-Top", "0").header("X-Foreground-Left", "0")
                .header("X-Foreground-Width", "4").header("X-Foreground-Height", "4")
                .header("X-RateLimit-Limit", "100000");
        assertThat(response.asByteArray()).isEqualTo(TestWorker.resultPng());
        long after = System.currentTimeMillis() / 1000;
        assertThat(Long.parseLong(response.header("X-RateLimit-Reset"))).isBetween(before + 59, after + 61);
        String jobId = response.header("X-Job-Id");
        JobRequested sent = TestWorker.received(jobId);
        assertThat(sent.outputOptions()).isEqualTo(OutputOptions.DEFAULT);
        // An ordinary job: listed, charged, pollable.
        given().header("Authorization", account.bearer()).get("/v1/jobs/" + jobId).then().statusCode(200)
                .body("status", equalTo("completed")).body("credits_used", equalTo(1));
        assertThat(account.credits()).isEqualTo(4);
    }

    @Test
    void base64ByFormWithAcceptJsonIsAnsweredWithRemoveBgsJson() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        Response response = given().header("X-Api-Key", account.key).accept("application/json")
                .formParam("image_file_b64", Base64.getMimeEncoder().encodeToString(noisePng()))
                .formParam("type", "person").formParam("add_shadow", "true").formParam("semitransparency", "true")
                .post("/v1.0/removebg");
        response.then().statusCode(200).contentType("application/json")
                .header("X-Type", "person")
                .header("X-Ignored-Parameters", "type, add_shadow, semitransparency")
                .body("data.foreground_top", equalTo(0)).body("data.foreground_left", equalTo(0))
                .body("data.foreground_width", equalTo(4)).body("data.foreground_height", equalTo(4));
        assertThat(Base64.getDecoder().decode(response.<String>path("data.result_b64")))
                .isEqualTo(TestWorker.resultPng());
        JobRequested sent = TestWorker.received(response.header("X-Job-Id"));
        assertThat(sent.outputOptions().size()).isEqualTo(OutputOptions.Size.PREVIEW);
        assertThat(sent.inputKey()).isNotNull();
    }

    @Test
    void base64AsAMultipartTextFieldIsTheImage() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        Response response = given().header("X-Api-Key", account.key)
                .multiPart("image_file_b64", Base64.getEncoder().encodeToString(noisePng()))
                .multiPart("format", "png")
                .post("/v1.0/removebg");
        response.then().statusCode(200).contentType("image/png");
        assertThat(TestWorker.inputFound(response.header("X-Job-Id"))).isTrue();
    }

    @Test
    void base64InJsonWithADataUriPrefixIsTheImage() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        String base64 = "data:image/png;base64," + Base64.getEncoder().encodeToString(noisePng());
        Response response = given().header("X-Api-Key", account.key).contentType("application/json")
                .accept("application/json").body(Map.of("image_file_b64", base64, "size", "preview", "format", "zip"))
                .post("/v1.0/removebg");
        response.then().statusCode(200).body("data.foreground_width", equalTo(4));
        assertThat(TestWorker.inputFound(response.header("X-Job-Id"))).isTrue();
    }

    @Test
    void jsonParametersAreMappedAndAJobOutlastingTheWaitIsA503WithItsId() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.IGNORE);
        Response response = given().header("Authorization", account.bearer()).contentType("application/json")
                .body(Map.of("image_url", "https://example.com/a.jpg", "bg_color", "81d4fa", "size", "4k",
                        "crop", true, "crop_margin", "10px 5%", "roi", "0% 0% 50% 100%", "scale", "80%",
                        "position", "center"))
                .post("/v1.0/removebg");
        response.then().statusCode(503)
                .body("errors[0].code", equalTo("timeout"))
                .body("errors[0].title", equalTo("Timeout"));
        String jobId = response.header("X-Job-Id");
        assertThat(response.<String>path("errors[0].detail")).contains(jobId);
        OutputOptions options = TestWorker.received(jobId).outputOptions();
        assertThat(options.format()).as("auto: a colour fills the background").isEqualTo(OutputOptions.Format.JPG);
        assertThat(options.bgColor()).isEqualTo("#81d4fa");
        assertThat(options.size()).isEqualTo(OutputOptions.Size.FULL);
        assertThat(options.cropMargin()).isEqualTo("10 5%");
        assertThat(options.roi()).isEqualTo("0% 0% 50% 100%");
        assertThat(options.scale()).isEqualTo("80%");
        assertThat(options.position()).isEqualTo("50% 50%");
        given().header("Authorization", account.bearer()).get("/v1/jobs/" + jobId).then().statusCode(200)
                .body("status", equalTo("pending")).body("options.roi", equalTo("0% 0% 50% 100%")).body("options.format", equalTo("jpg"));
    }

    @Test
    void aFailedJobIsRemoveBgsErrorWithItsCreditBack() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.FAIL);
        Response response = given().header("X-Api-Key", account.key).contentType("application/json")
                .body(Map.of("image_url", "https://example.com/a.jpg", "bg_image_url", "http://10.0.0.1/bg.png"))
                .post("/v1.0/removebg");
        response.then().statusCode(400)
                .header("X-Credits-Charged", "0")
                .body("errors[0].code", equalTo("unprocessable_image"))
                .body("errors[0].detail", equalTo("The image could not be fetched"));
        assertThat(TestWorker.received(response.header("X-Job-Id")).outputOptions().bgImageUrl())
                .isEqualTo("http://10.0.0.1/bg.png");
        assertThat(account.credits()).isEqualTo(5);
    }

    @Test
    void badRequestsAreRefusedInRemoveBgsShapeBeforeAnythingIsCharged() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        refused(given().header("X-Api-Key", account.key).multiPart("size", "full"), 400, "missing_source",
                "No image given");
        refused(given().header("X-Api-Key", account.key).multiPart("image_file", "a.png", TestImages.png(8, 8),
                "image/png").multiPart("image_url", "https://example.com/a.png"), 400, "multiple_sources",
                "Multiple image sources given");
        refused(given().header("X-Api-Key", account.key).formParam("image_url", "https://example.com/a.png")
                .formParam("size", "huge"), 400, "invalid_parameters", "Invalid parameters")
                .body("errors[0].detail", startsWith("size must be one of preview, full, auto"));
        refused(given().header("X-Api-Key", account.key).formParam("image_url", "https://example.com/a.png")
                .formParam("crop_margin", "9999px"), 400, "invalid_parameters", "Invalid parameters")
                .body("errors[0].detail", equalTo("crop_margin must be at most 500 pixels or 50%"));
        refused(given().header("X-Api-Key", account.key).formParam("image_url", "https://example.com/a.png")
                .formParam("bg_color", "red").formParam("bg_image_url", "https://example.com/bg.png"), 400,
                "invalid_parameters", "Invalid parameters");
        refused(given().header("X-Api-Key", account.key).formParam("image_url", "ftp://example.com/a.png"), 400,
                "invalid_parameters", "Invalid parameters").body("errors[0].detail", startsWith("image_url "));
        refused(given().header("X-Api-Key", account.key).formParam("image_url", "https://example.com/a.png")
                .formParam("colour", "red"), 400, "invalid_parameters", "Invalid parameters")
                .body("errors[0].detail", startsWith("Unknown parameter colour"));
        refused(given().header("X-Api-Key", account.key).multiPart("image_file", "a.png", TestImages.png(16, 16),
                "image/png").multiPart("roi", "100px 0px 200px 10px"), 400, "invalid_parameters",
                "Invalid parameters").body("errors[0].detail", equalTo("roi 100px 0px 200px 10px holds no pixel of the"
                + " 16 x 16 image"));
        refused(given().header("X-Api-Key", account.key).multiPart("image_file", "a.txt", "not an image".getBytes(),
                "image/png"), 400, "invalid_image", "Failed to read image");
        refused(given().header("X-Api-Key", account.key).formParam("image_file_b64", "@@@not base64@@@"), 400,
                "invalid_parameters", "Invalid parameters")
                .body("errors[0].detail", equalTo("image_file_b64 is not valid base64"));
        refused(given().header("X-Api-Key", account.key).formParam("image_file_b64",
                Base64.getEncoder().encodeToString("GIF89a not supported".getBytes())), 400, "invalid_image",
                "Failed to read image");
        refused(given().header("X-Api-Key", account.key).contentType("application/json").body("[1]"), 400,
                "invalid_parameters", "Invalid parameters");
        refused(given().header("X-Api-Key", account.key).contentType("application/json").body(""), 400,
                "invalid_parameters", "Invalid parameters");
        assertThat(account.reservations()).isZero();
    }

    @Test
    void keysCreditsAndUnknownRoutesAnswerInRemoveBgsShape() {
        refused(given(), 403, "auth_failed", "Authentication failed");
        refused(given().header("X-Api-Key", "pk_live_notakey"), 403, "auth_failed", "Authentication failed");
        LoopbackBilling.Account broke = LoopbackBilling.account(0);
        refused(given().header("X-Api-Key", broke.key).formParam("image_url", "https://example.com/a.png"), 402,
                "insufficient_credits", "Insufficient credits");
        LoopbackBilling.Account account = LoopbackBilling.account(7);
        given().header("X-Api-Key", account.key).get("/v1.0/account").then().statusCode(200)
                .body("data.attributes.credits.total", equalTo(7))
                .body("data.attributes.credits.subscription", equalTo(7))
                .body("data.attributes.credits.payg", equalTo(0))
                .body("data.attributes.api.sizes", equalTo("all"));
        given().header("X-Api-Key", account.key).get("/v1.0/nothing-here").then().statusCode(404)
                .body("errors[0].code", equalTo("not_found"));
    }

    /** About a megabyte of PNG: bodies this large arrive in many buffers. */
    private static byte[] noisePng() {
        java.awt.image.BufferedImage noise = new java.awt.image.BufferedImage(640, 480,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(7);
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                noise.setRGB(x, y, random.nextInt());
            }
        }
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(noise, "png", png);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    private static io.restassured.response.ValidatableResponse refused(
            io.restassured.specification.RequestSpecification request, int status, String code, String title) {
        return request.post("/v1.0/removebg").then().statusCode(status).contentType("application/json")
                .body("errors[0].code", equalTo(code))
                .body("errors[0].title", equalTo(title))
                .body("errors[0].detail", org.hamcrest.Matchers.notNullValue());
    }
}
