package dev.poofbg.gateway.webhooks;

import dev.poofbg.common.net.HostResolver;
import dev.poofbg.common.net.LoopbackOnlySockets;
import io.quarkus.test.Mock;
import jakarta.inject.Singleton;

import javax.net.SocketFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Webhook targets in tests: names resolve only through {@link #names} (never a real DNS), and the sockets refuse,
 * and record, anything but IPv4 loopback before a real connect happens.
 */
@Mock
@Singleton
public class TestWebhookNetwork extends WebhookNetwork {

    static final Map<String, InetAddress> NAMES = new ConcurrentHashMap<>();
    static volatile LoopbackOnlySockets sockets;

    public TestWebhookNetwork(WebhooksConfig config) {
        super(config);
        sockets = new LoopbackOnlySockets(policy());
    }

    /** Makes {@code host} resolve to {@code address} from now on. */
    static void resolve(String host, String address) {
        try {
            NAMES.put(host, InetAddress.getByName(address)); // an IP literal: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    @Override
    public HostResolver resolver() {
        return host -> {
            InetAddress address = NAMES.get(host);
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {address};
        };
    }

    @Override
    public SocketFactory sockets() {
        return sockets;
    }
}
