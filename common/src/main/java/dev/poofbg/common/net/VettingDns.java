package dev.poofbg.common.net;

import okhttp3.Dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Resolves once and vets every address: if any is refused the host is refused (a name that mixes
 * public and private answers is a rebinding attempt). OkHttp then connects only to the addresses
 * returned here, so a second, different answer from the DNS can never be used.
 */
public final class VettingDns implements Dns {
    private final HostResolver resolver;
    private final AddressPolicy policy;

    public VettingDns(HostResolver resolver, AddressPolicy policy) {
        this.resolver = resolver;
        this.policy = policy;
    }

    @Override
    public List<InetAddress> lookup(String host) throws UnknownHostException {
        Optional<String> refusedName = policy.refuseHost(host);
        if (refusedName.isPresent()) {
            throw new AddressRefusedException(refusedName.get());
        }
        InetAddress[] addresses = resolver.resolve(host);
        if (addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = policy.refuse(address);
            if (refusal.isPresent()) {
                throw new AddressRefusedException(refusal.get());
            }
        }
        return List.of(addresses);
    }
}
