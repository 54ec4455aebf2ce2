package dev.poofbg.billing.plans;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The five plans of the contract: credits and per-minute rate limit. */
public enum Plan {
    FREE(10, 0, 3),
    PAYG(30, 0, 0),
    LITE(60, 100, 0),
    PRO(120, 500, 0),
    ENTERPRISE(300, 0, 0);

    private final int requestsPerMinute;
    private final int monthlyQuota;
    private final int oneTimeGrant;

    Plan(int requestsPerMinute, int monthlyQuota, int oneTimeGrant) {
        this.requestsPerMinute = requestsPerMinute;
        this.monthlyQuota = monthlyQuota;
        this.oneTimeGrant = oneTimeGrant;
    }

    public int requestsPerMinute() {
        return requestsPerMinute;
    }

    /** Credits granted at each monthly period start; 0 for plans without a monthly allowance. */
    public int monthlyQuota() {
        return monthlyQuota;
    }

    /** Credits granted once per account, the first time it is on this plan (Free's 3). */
    public int oneTimeGrant() {
        return oneTimeGrant;
    }

    public boolean unlimited() {
        return this == ENTERPRISE;
    }

    public boolean renewsMonthly() {
        return monthlyQuota > 0;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Plan> fromId(String id) {
        return Arrays.stream(values()).filter(plan -> plan.id().equals(id)).findFirst();
    }

    public static ApiException invalid() {
        return new ApiException(ErrorCode.INVALID_REQUEST, "plan must be one of "
                + Arrays.stream(values()).map(Plan::id).collect(Collectors.joining(", ")));
    }
}
