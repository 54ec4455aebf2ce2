package dev.poofbg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Output options on the running platform: each format and shape, as a client downloads it. */
@ExtendWith(Platform.class)
class OutputOptionsIT {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    @Test
    void aCroppedLosslessWebpOfTheSubject() {
        JsonNode job = run("format", "webp", "crop", "true", "crop_margin", "10");
        JsonNode result = job.get("result");
        assertThat(result.get("format").asText()).isEqualTo("webp");
        int width = result.get("width").asInt();
        int height = result.get("height").asInt();
        assertThat(width).isLessThan(WIDTH);
        assertThat(height).isLessThan(HEIGHT);
        Http.Response download = Http.get(job.get("result_url").asText(), null);
        assertThat(download.header("Content-Type")).isEqualTo("image/webp");
        assertThat(URI.create(job.get("result_url").asText()).getPath()).endsWith(".webp");
        assertThat(result.get("bytes").asLong()).isEqualTo(download.bytes().length);
        BufferedImage image = TestImages.decodeWebp(download.bytes());
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        assertThat(image.getColorModel().hasAlpha()).isTrue();
        JsonNode box = result.get("foreground");
        // The crop is the subject's box plus 10 px: the subject starts about 10 px in.
        assertThat(box.get("left").asInt()).isBetween(5, 15);
        assertThat(box.get("top").asInt()).isBetween(5, 15);
    }

    @Test
    void aPreviewJpegOnAColour() {
        JsonNode job = run("format", "jpg", "size", "preview", "bg_color", "#336699");
        JsonNode result = job.get("result");
        Http.Response download = Http.get(job.get("result_url").asText(), null);
        assertThat(download.header("Content-Type")).isEqualTo("image/jpeg");
        BufferedImage image = TestImages.decode(download.bytes());
        assertThat((long) image.getWidth() * image.getHeight()).isLessThanOrEqualTo(250_000);
        assertThat(image.getWidth() / (double) image.getHeight()).isCloseTo(WIDTH / (double) HEIGHT,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(result.get("width").asInt()).isEqualTo(image.getWidth());
        int corner = image.getRGB(2, 2);
        assertThat(corner >> 16 & 0xFF).isBetween(0x28, 0x3E); // the backdrop became #336699
        assertThat(corner & 0xFF).isBetween(0x8F, 0xA3);
        assertThat(job.at("/options/bg_color").asText()).isEqualTo("#336699");
    }

    @Test
    void theMaskAloneAsAGreyPng() {
        JsonNode job = run("channels", "alpha");
        Http.Response download = Http.get(job.get("result_url").asText(), null);
        assertThat(download.header("Content-Type")).isEqualTo("image/png");
        BufferedImage mask = TestImages.decode(download.bytes());
        assertThat(mask.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(mask.getRaster().getSample(WIDTH / 2, HEIGHT / 2, 0)).isGreaterThan(200);
        assertThat(mask.getRaster().getSample(3, 3, 0)).isLessThan(60);
    }

    @Test
    void anInvalidOptionCostsNothing() {
        Accounts.Account account = Accounts.create("pro");
        Http.Response refused = Http.postMultipart(Platform.get().apiUrl() + "/v1/remove-background", account.key(),
                Http.Part.file("a.jpg", "image/jpeg", TestImages.jpeg(TestImages.subjectOnBackdrop(64, 48))),
                new Http.Part("size", null, null, "8k".getBytes(StandardCharsets.UTF_8)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/error/message").asText()).isEqualTo(
                "size must be one of preview, medium, hd, full");
        RemoveBackgroundIT.awaitCredits(account.key(), 500);
    }

    /** A completed job of a 640x480 subject on a backdrop, with these options as form fields. */
    private static JsonNode run(String... options) {
        Accounts.Account account = Accounts.create("pro");
        Http.Part[] parts = new Http.Part[1 + options.length / 2];
        parts[0] = Http.Part.file("photo.jpg", "image/jpeg", TestImages.jpeg(TestImages.subjectOnBackdrop(WIDTH, HEIGHT)));
        for (int i = 0; i < options.length; i += 2) {
            parts[1 + i / 2] = new Http.Part(options[i], null, null, options[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        Http.Response accepted = Http.postMultipart(Platform.get().apiUrl() + "/v1/remove-background", account.key(),
                parts);
        assertThat(accepted.status()).as(accepted.text()).isIn(200, 202);
        JsonNode job = Jobs.awaitTerminal(Platform.get().apiUrl(), account.key(), accepted.json().get("id").asText(),
                Duration.ofSeconds(60));
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("completed");
        return job;
    }
}
