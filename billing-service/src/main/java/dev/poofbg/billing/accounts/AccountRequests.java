package dev.poofbg.billing.accounts;

/** Request bodies of the admin account endpoints. */
public final class AccountRequests {

    private AccountRequests() {
    }

    public record Create(String plan, String email) {
    }

    public record ChangePlan(String plan) {
    }

    /** {@code reference} is optional; a purchase repeated with the same reference adds nothing. */
    public record Purchase(Long credits, String reference) {
    }
}
