package dev.poofbg.gateway.removebg;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.poofbg.common.billing.AccountSummary;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** remove.bg's JSON bodies, as its clients read them. */
final class RemoveBgViews {

    private RemoveBgViews() {
    }

    /** {@code POST /v1.0/removebg} with {@code Accept: application/json}. */
    @Schema(name = "RemoveBgResult")
    record Result(@JsonProperty("data") Data data) {
    }

    @Schema(name = "RemoveBgResultData")
    record Data(
            @JsonProperty("result_b64") @Schema(description = "The result file, base64") String resultB64,
            @JsonProperty("foreground_top") int foregroundTop,
            @JsonProperty("foreground_left") int foregroundLeft,
            @JsonProperty("foreground_width") int foregroundWidth,
            @JsonProperty("foreground_height") int foregroundHeight) {
    }

    /** {@code GET /v1.0/account}: PoofBG's balance in remove.bg's fields (no pay-as-you-go or free calls here). */
    @Schema(name = "RemoveBgAccount")
    record Account(@JsonProperty("data") AccountData data) {

        static Account of(AccountSummary summary) {
            long credits = summary.creditsRemaining();
            return new Account(new AccountData(new Attributes(new Credits(credits, credits, 0, 0),
                    new Api(0, "all"))));
        }
    }

    record AccountData(@JsonProperty("attributes") Attributes attributes) {
    }

    record Attributes(@JsonProperty("credits") Credits credits, @JsonProperty("api") Api api) {
    }

    @Schema(description = "total and subscription are the account's balance, -1 on unlimited plans")
    record Credits(@JsonProperty("total") long total, @JsonProperty("subscription") long subscription,
                   @JsonProperty("payg") long payg, @JsonProperty("enterprise") long enterprise) {
    }

    record Api(@JsonProperty("free_calls") long freeCalls, @JsonProperty("sizes") String sizes) {
    }
}
