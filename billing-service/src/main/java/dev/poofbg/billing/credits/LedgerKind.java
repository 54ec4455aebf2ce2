package dev.poofbg.billing.credits;

/** Why a balance changed. */
public enum LedgerKind {
    RESERVE, REFUND, PURCHASE, RENEWAL, EXPIRY, GRANT
}
