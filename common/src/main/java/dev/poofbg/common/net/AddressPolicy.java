package dev.poofbg.common.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses a URL fetched on a customer's behalf (an {@code image_url}, a webhook endpoint) may reach. Cloud metadata endpoints, unspecified, multicast,
 * broadcast, reserved, private (RFC 1918, CGNAT, ULA) and link-local addresses are always refused;
 * loopback too unless explicitly allowed (local platform and tests). IPv6 forms that embed an IPv4
 * address (mapped, compatible, NAT64, 6to4) are judged by that IPv4 address; any other IPv6 address must
 * be global unicast (2000::/3) outside the special-purpose blocks, so local-use NAT64 (64:ff9b:1::/48),
 * Teredo and other tunnelled or translated forms never reach an internal IPv4 network.
 */
public final class AddressPolicy {
    private static final Set<String> METADATA_HOSTS = Set.of(
            "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal");
    private static final int METADATA_V4 = ipv4(169, 254, 169, 254);
    private static final int ALIBABA_METADATA_V4 = ipv4(100, 100, 100, 200);

    private static final String PRIVATE = "resolves to a private or local network address";

    /** Loopback only: the local platform's and the tests' own servers. Private ranges stay refused. */
    private final boolean allowLoopback;

    public AddressPolicy(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** Refuses cloud metadata host names before any lookup. */
    public Optional<String> refuseHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return METADATA_HOSTS.contains(name)
                ? Optional.of("points to a cloud metadata service")
                : Optional.empty();
    }

    /** Empty when the address may be connected to, otherwise why not, to follow the URL's name. */
    public Optional<String> refuse(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return refuseV4(toInt(b, 0));
        }
        if (address instanceof Inet6Address) {
            return refuseV6(b);
        }
        return Optional.of("resolves to an unsupported address type");
    }

    private Optional<String> refuseV4(int a) {
        if (a == METADATA_V4 || a == ALIBABA_METADATA_V4) {
            return Optional.of("points to a cloud metadata service");
        }
        if (in(a, 0, 0, 0, 0, 8) || in(a, 224, 0, 0, 0, 4) || in(a, 240, 0, 0, 0, 4)) {
            // unspecified "this network", multicast, reserved (includes broadcast 255.255.255.255)
            return Optional.of("resolves to a non-routable address");
        }
        if (in(a, 127, 0, 0, 0, 8)) {
            return refuseLoopback();
        }
        boolean internal = in(a, 10, 0, 0, 0, 8) || in(a, 172, 16, 0, 0, 12) || in(a, 192, 168, 0, 0, 16) // RFC 1918
                || in(a, 100, 64, 0, 0, 10) // CGNAT
                || in(a, 169, 254, 0, 0, 16) // link-local
                || in(a, 192, 0, 0, 0, 24) // IETF protocol assignments
                || in(a, 198, 18, 0, 0, 15); // benchmarking
        return internal ? Optional.of(PRIVATE) : Optional.empty();
    }

    private Optional<String> refuseV6(byte[] b) {
        Integer embedded = embeddedV4(b);
        if (embedded != null) {
            return refuseV4(embedded);
        }
        if (isAllZero(b, 0, 16)) {
            return Optional.of("resolves to a non-routable address");
        }
        if ((b[0] & 0xFF) == 0xFF) {
            return Optional.of("resolves to a non-routable address"); // multicast ff00::/8
        }
        if (isEc2MetadataV6(b)) {
            return Optional.of("points to a cloud metadata service");
        }
        if (isAllZero(b, 0, 15) && b[15] == 1) {
            return refuseLoopback();
        }
        boolean uniqueLocal = (b[0] & 0xFE) == 0xFC; // fc00::/7
        boolean linkLocal = (b[0] & 0xFF) == 0xFE && (b[1] & 0xC0) == 0x80; // fe80::/10
        boolean siteLocal = (b[0] & 0xFF) == 0xFE && (b[1] & 0xC0) == 0xC0; // deprecated fec0::/10
        if (uniqueLocal || linkLocal || siteLocal) {
            return Optional.of(PRIVATE);
        }
        boolean globalUnicast = (b[0] & 0xE0) == 0x20; // 2000::/3
        boolean ietfProtocol = b[0] == 0x20 && b[1] == 0x01 && (b[2] & 0xFE) == 0; // 2001::/23: Teredo, ORCHID, ...
        boolean documentation = (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && (b[3] & 0xFF) == 0xB8) // 2001:db8::/32
                || (b[0] == 0x3F && (b[1] & 0xFF) == 0xFF && (b[2] & 0xF0) == 0); // 3fff::/20
        return !globalUnicast || ietfProtocol || documentation
                ? Optional.of("resolves to a non-routable address")
                : Optional.empty();
    }

    private Optional<String> refuseLoopback() {
        return allowLoopback ? Optional.empty() : Optional.of(PRIVATE);
    }

    /** IPv4 embedded in IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) and 6to4 (2002::/16) forms. */
    private static Integer embeddedV4(byte[] b) {
        boolean mapped = isAllZero(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
        boolean compatible = isAllZero(b, 0, 12) && !isAllZero(b, 12, 15); // excludes :: and ::1
        boolean nat64 = (b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF
                && (b[3] & 0xFF) == 0x9B && isAllZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return toInt(b, 12);
        }
        if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x02) {
            return toInt(b, 2);
        }
        return null;
    }

    private static boolean isEc2MetadataV6(byte[] b) {
        // fd00:ec2::254
        return (b[0] & 0xFF) == 0xFD && b[1] == 0 && (b[2] & 0xFF) == 0x0E && (b[3] & 0xFF) == 0xC2
                && isAllZero(b, 4, 14) && (b[14] & 0xFF) == 0x02 && (b[15] & 0xFF) == 0x54;
    }

    private static boolean isAllZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean in(int address, int a, int b, int c, int d, int prefix) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (address & mask) == (ipv4(a, b, c, d) & mask);
    }

    private static int ipv4(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    private static int toInt(byte[] b, int offset) {
        return (b[offset] & 0xFF) << 24 | (b[offset + 1] & 0xFF) << 16 | (b[offset + 2] & 0xFF) << 8
                | (b[offset + 3] & 0xFF);
    }
}
