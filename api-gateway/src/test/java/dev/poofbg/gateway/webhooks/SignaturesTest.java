package dev.poofbg.gateway.webhooks;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignaturesTest {

    @Test
    void signsTheStandardWebhooksReferenceVector() {
        // The specification's own example: secret, message id, timestamp, payload and the signature its libraries give.
        String signature = Signatures.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}");
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aHeaderCarriesOneSignaturePerSecretSeparatedBySpaces() {
        String header = Signatures.header(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Signatures.newSecret()),
                "msg_1", 1, "{}");
        String[] parts = header.split(" ");
        assertThat(parts).hasSize(2);
        assertThat(parts[0]).isEqualTo(Signatures.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1, "{}"));
        assertThat(parts[1]).startsWith("v1,").isNotEqualTo(parts[0]);
    }

    @Test
    void newSecretsAreRandomAndCarry24KeyBytes() {
        String one = Signatures.newSecret();
        assertThat(one).startsWith("whsec_").isNotEqualTo(Signatures.newSecret());
        assertThat(Base64.getDecoder().decode(one.substring("whsec_".length()))).hasSize(24);
    }

    @Test
    void aSecretWithoutItsPrefixIsRefused() {
        assertThatThrownBy(() -> Signatures.sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1, "{}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretsAreSealedAtRestAndOpenOnlyUnderTheirKey() {
        SecretBox box = new SecretBox(key("dGVzdC1vbmx5LXdlYmhvb2sta2V5LTMyLWJ5dGVzISE="));
        String secret = Signatures.newSecret();
        String sealed = box.seal(secret);
        assertThat(sealed).startsWith("v1:").doesNotContain(secret.substring(6));
        assertThat(box.seal(secret)).as("a fresh nonce every time").isNotEqualTo(sealed);
        assertThat(box.open(sealed)).isEqualTo(secret);
        SecretBox other = new SecretBox(key(Base64.getEncoder().encodeToString(new byte[32])));
        assertThatThrownBy(() -> other.open(sealed)).hasMessageContaining("encryption-key");
        assertThatThrownBy(() -> new SecretBox(key("c2hvcnQ="))).hasMessageContaining("32 bytes");
    }

    private static WebhooksConfig key(String base64) {
        return (WebhooksConfig) java.lang.reflect.Proxy.newProxyInstance(WebhooksConfig.class.getClassLoader(),
                new Class<?>[] {WebhooksConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("encryptionKey")) {
                        return base64;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
