package dev.poofbg.billing.accounts;

import java.math.BigDecimal;

/** Request bodies of the admin account endpoints. */
public final class AccountRequests {

    private AccountRequests() {
    }

    public record Create(String plan, String email) {
    }

    public record ChangePlan(String plan) {
    }

    public record Suspension(Boolean suspended) {
    }

    /**
     * {@code reference} is optional; a purchase repeated with the same reference adds nothing. {@code credits} is
     * read as the exact JSON number, so that 2.0 (a float-producing client's 2) can count and 1.5 cannot.
     */
    public record Purchase(BigDecimal credits, String reference) {

        /** The credits as a whole number; null when absent, fractional or beyond a long. */
        Long wholeCredits() {
            try {
                return credits == null ? null : credits.longValueExact();
            } catch (ArithmeticException notWhole) {
                return null;
            }
        }
    }
}
