package dev.poofbg.worker.fetch;

import java.net.UnknownHostException;

/**
 * A host or address the fetcher will not connect to. An {@link UnknownHostException} so that
 * OkHttp's {@code Dns} contract lets it through unchanged; the message is safe for customers.
 */
final class AddressRefusedException extends UnknownHostException {
    AddressRefusedException(String message) {
        super(message);
    }
}
