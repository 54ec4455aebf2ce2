package dev.poofbg.billing.accounts;

/** Request bodies of the admin account endpoints. */
public final class AccountRequests {

    private AccountRequests() {
    }

    public record Create(String plan, String email) {
    }

    public record ChangePlan(String plan) {
    }

    public record Purchase(Long credits) {
    }
}
