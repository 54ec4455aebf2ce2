package dev.poofbg.common.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/**
 * An account as billing shows it to operators and to the dashboard. {@code creditsRemaining} and
 * {@code creditsMonthlyQuota} mean exactly what they mean in {@code GET /v1/account}; the next two split the balance.
 * {@code periodEnd} is when the monthly allowance renews (null for plans without one); {@code suspendedAt} is set
 * while an operator has suspended the account (its keys and dashboard sessions are refused).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AccountDetails(
        String id,
        String email,
        String plan,
        Instant createdAt,
        long creditsRemaining,
        long creditsMonthlyQuota,
        int monthlyCreditsRemaining,
        long prepaidCredits,
        Instant periodEnd,
        AccountSummary.RateLimit rateLimit,
        Instant suspendedAt) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Page(java.util.List<AccountDetails> data) {
    }

    public boolean suspended() {
        return suspendedAt != null;
    }

    public boolean unlimited() {
        return creditsRemaining == AccountSummary.UNLIMITED;
    }
}
