package dev.poofbg.common.billing;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /internal/v1/keys/verify}: only the SHA-256 of a key ever leaves the gateway. */
public record KeyVerification(@JsonProperty("key_hash") String keyHash) {
}
