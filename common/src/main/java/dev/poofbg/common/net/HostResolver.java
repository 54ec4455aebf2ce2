package dev.poofbg.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Name resolution, injectable so tests can make any name resolve to any address without a DNS. */
@FunctionalInterface
public interface HostResolver {
    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
