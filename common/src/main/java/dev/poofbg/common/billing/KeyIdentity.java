package dev.poofbg.common.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Who a valid API key belongs to, and the account's rate limit. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeyIdentity(
        @JsonProperty("account_id") String accountId,
        @JsonProperty("key_id") String keyId,
        @JsonProperty("plan") String plan,
        @JsonProperty("requests_per_minute") int requestsPerMinute) {
}
