package dev.poofbg.common.net;

import java.net.UnknownHostException;

/**
 * A host or address a guarded client will not connect to. An {@link UnknownHostException} so that
 * OkHttp's {@code Dns} contract lets it through unchanged; the message is safe for customers and
 * follows the URL's name ("image_url " + message).
 */
public final class AddressRefusedException extends UnknownHostException {
    public AddressRefusedException(String message) {
        super(message);
    }
}
