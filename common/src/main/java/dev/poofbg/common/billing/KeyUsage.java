package dev.poofbg.common.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/** When the gateway last accepted each key, reported in batches so that no request costs a write. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeyUsage(List<Use> keys) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Use(String keyId, Instant lastUsedAt) {
    }
}
