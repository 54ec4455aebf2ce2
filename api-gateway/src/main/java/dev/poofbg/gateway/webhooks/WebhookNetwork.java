package dev.poofbg.gateway.webhooks;

import dev.poofbg.common.net.AddressPolicy;
import dev.poofbg.common.net.GuardedSocketFactory;
import dev.poofbg.common.net.HostResolver;
import jakarta.inject.Singleton;

import javax.net.SocketFactory;

/**
 * Where webhook targets resolve and connect: the system resolver and the guarded socket factory. Tests replace
 * this bean with names of their own and a socket factory that refuses everything but loopback.
 */
@Singleton
public class WebhookNetwork {

    private final AddressPolicy policy;

    public WebhookNetwork(WebhooksConfig config) {
        this.policy = new AddressPolicy(config.allowLoopback());
    }

    public AddressPolicy policy() {
        return policy;
    }

    public HostResolver resolver() {
        return HostResolver.SYSTEM;
    }

    public SocketFactory sockets() {
        return new GuardedSocketFactory(policy);
    }
}
