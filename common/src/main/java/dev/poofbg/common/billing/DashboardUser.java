package dev.poofbg.common.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * A person who signs in to the dashboard: the user of one account. {@code operator} is granted by operators only;
 * {@code accountSuspended} mirrors the account's suspension, so a session check needs one call; a session opened
 * before {@code passwordChangedAt} is no longer valid.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DashboardUser(String id, String email, String accountId, boolean operator, boolean accountSuspended,
                            Instant createdAt, Instant passwordChangedAt) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Page(List<DashboardUser> data) {
    }

    /** E-mail and password, for signing up and signing in. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Credentials(String email, String password) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PasswordChange(String currentPassword, String newPassword) {
    }
}
