package dev.poofbg.billing.credits;

/** A reservation settles exactly once: the first terminal outcome wins. */
public enum ReservationState {
    RESERVED, KEPT, REFUNDED
}
