package dev.poofbg.gateway.storage;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MinioClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local signer must give, byte for byte, the link the MinIO SDK gives for the same instant. */
class PresignedGetSignerTest {

    private static final Pattern AMZ_DATE = Pattern.compile("X-Amz-Date=(\\d{8}T\\d{6}Z)");
    private static final DateTimeFormatter AMZ_DATE_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:9000      | poofbg       | us-east-1    | results/acct_0123456789abcdefghij/job_4fZq8X1bQ2cD3eF4gH5iJ6kL.png",
            "https://files.example.com  | poofbg       | eu-central-1 | results/acct_x/job_y.png",
            "http://localhost:80        | poofbg-prod  | us-east-1    | inputs/a b/ü+é=&;,@!$'()*[]~_-.png",
            "https://s3.internal:8443   | bucket.with.dots | ap-south-1 | a/b//c/emoji 😀.png",
            "http://[::1]:9000          | poofbg       | us-east-1    | results/%2F/x?y#z.png",
            "https://s3.internal:443    | poofbg       | us-east-1    | trailing/slash/",
    })
    void givesTheSameLinkAsTheMinioSdk(String endpoint, String bucket, String region, String key) throws Exception {
        MinioClient sdk = MinioClient.builder().endpoint(endpoint).region(region)
                .credentials("AKIA-local/key", "s3cr3t+/=key").build();
        String expected = sdk.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Http.Method.GET).bucket(bucket).object(key).expiry(3600, TimeUnit.SECONDS).build());
        Matcher date = AMZ_DATE.matcher(expected);
        assertTrue(date.find(), expected);
        Instant signedAt = Instant.from(AMZ_DATE_FORMAT.parse(date.group(1)));

        PresignedGetSigner signer = new PresignedGetSigner(endpoint, bucket, region, "AKIA-local/key", "s3cr3t+/=key", 3600);

        assertEquals(expected, signer.presignGet(key, signedAt));
    }

    @Test
    void aNewDayGetsANewSigningKey() throws Exception {
        PresignedGetSigner signer = new PresignedGetSigner("http://127.0.0.1:9000", "poofbg", "us-east-1", "ak", "sk", 3600);
        Instant evening = Instant.parse("2026-11-24T23:59:59Z");
        String before = signer.presignGet("results/a/b.png", evening);
        String after = signer.presignGet("results/a/b.png", evening.plusSeconds(1));
        assertTrue(after.contains("X-Amz-Credential=ak%2F20261125%2Fus-east-1%2Fs3%2Faws4_request"), after);
        assertNotEquals(before.substring(before.indexOf("X-Amz-Signature=")), after.substring(after.indexOf("X-Amz-Signature=")));
        // Going back to the first day still signs with that day's key.
        assertEquals(before, signer.presignGet("results/a/b.png", evening));
    }

    @Test
    void refusesEndpointsItCannotSignFor() {
        assertThrows(IllegalArgumentException.class,
                () -> new PresignedGetSigner("ftp://127.0.0.1:9000", "b", "r", "a", "s", 60));
        assertThrows(IllegalArgumentException.class,
                () -> new PresignedGetSigner("http://127.0.0.1:9000/prefix", "b", "r", "a", "s", 60));
    }
}
