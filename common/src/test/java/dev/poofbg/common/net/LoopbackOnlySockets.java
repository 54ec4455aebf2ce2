package dev.poofbg.common.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The production socket guard with a test tripwire behind it: anything that passes the guard but is
 * not loopback is recorded and refused before a real connect happens, so a broken guard fails the
 * test instead of reaching the network.
 */
public final class LoopbackOnlySockets extends GuardedSocketFactory {
    public final List<InetSocketAddress> connects = new CopyOnWriteArrayList<>();
    public final List<InetSocketAddress> violations = new CopyOnWriteArrayList<>();

    public LoopbackOnlySockets(AddressPolicy policy) {
        super(policy);
    }

    @Override
    protected void beforeConnect(InetSocketAddress address) throws IOException {
        if (!address.getAddress().isLoopbackAddress() || address.getAddress().getAddress().length != 4) {
            violations.add(address);
            throw new IOException("test tripwire: refused to connect to " + address);
        }
        connects.add(address);
    }
}
