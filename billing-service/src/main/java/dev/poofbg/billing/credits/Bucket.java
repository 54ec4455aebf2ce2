package dev.poofbg.billing.credits;

/** Where a credit came from, and so where its refund goes back to. */
public enum Bucket {
    /** The current period's allowance of a Lite or Pro account. */
    MONTHLY,
    /** One-time grants and purchases. */
    PREPAID,
    /** Enterprise: nothing is deducted, the usage is still recorded. */
    UNLIMITED
}
