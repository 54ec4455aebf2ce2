package dev.poofbg.common.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/** A page of an account's ledger, newest first. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedgerPage(List<Entry> data, int limit, int offset, long total) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Entry(long id, String kind, String bucket, long amount, int monthlyCreditsAfter,
                        long prepaidCreditsAfter, String jobId, String reference, String note, Instant createdAt) {
    }
}
