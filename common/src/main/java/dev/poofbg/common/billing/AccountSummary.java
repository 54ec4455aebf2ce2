package dev.poofbg.common.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The account as the public {@code GET /v1/account} shows it; billing produces it, the gateway passes
 * it through. For unlimited plans both credit fields are {@link #UNLIMITED}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccountSummary(
        @JsonProperty("plan") String plan,
        @JsonProperty("credits_remaining") long creditsRemaining,
        @JsonProperty("credits_monthly_quota") long creditsMonthlyQuota,
        @JsonProperty("rate_limit") RateLimit rateLimit) {

    /** Integer stand-in for "unlimited" (Enterprise), so the fields stay integers. */
    public static final long UNLIMITED = -1;

    public record RateLimit(@JsonProperty("requests_per_minute") int requestsPerMinute) {
    }
}
