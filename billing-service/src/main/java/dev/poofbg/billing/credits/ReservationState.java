package dev.poofbg.billing.credits;

/** A reservation settles exactly once: the first terminal outcome wins. */
public enum ReservationState {
    RESERVED, KEPT, REFUNDED,
    /** Released before any credit was reserved: the job id can no longer be reserved. */
    VOID
}
