package dev.poofbg.common.net;

import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one way the platform calls a URL a customer chose (an {@code image_url}, a webhook endpoint): an OkHttp
 * client whose every host is vetted by {@link AddressPolicy} (names through {@link VettingDns}, IP literals by
 * {@link #refuseLiteral}, every socket again through {@link GuardedSocketFactory}), that never follows a redirect
 * on its own (the caller re-checks each hop, or refuses them), never goes through a proxy and never retries.
 */
public final class GuardedHttp {

    private GuardedHttp() {
    }

    /** A builder with the guard in place; the caller adds its timeouts. */
    public static OkHttpClient.Builder client(AddressPolicy policy, HostResolver resolver, SocketFactory sockets) {
        return new OkHttpClient.Builder()
                .dns(new VettingDns(resolver, policy))
                .socketFactory(sockets)
                .proxy(Proxy.NO_PROXY) // a proxy would connect on our behalf, unchecked
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                // A fresh connection per call. A pooled one the server has closed since (HTTP/1.0 servers and
                // keep-alive timeouts close without saying so) would fail the next call to that host, retries
                // being off; and calls go to ever different customers' hosts, so pooling saves little.
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS));
    }

    /**
     * OkHttp connects to IP literals without asking the Dns, so they are vetted here: empty when {@code url}'s host
     * is a name or an allowed address, otherwise why not (to follow the URL's name).
     */
    public static Optional<String> refuseLiteral(AddressPolicy policy, HttpUrl url) {
        // HttpUrl only parses http and https, so the scheme is already one of those.
        String host = url.host();
        Optional<String> refusal = policy.refuseHost(host);
        if (refusal.isEmpty() && (host.contains(":") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')))) {
            refusal = parseLiteral(host).map(policy::refuse).orElse(Optional.of("host is not a valid address"));
        }
        return refusal;
    }

    /** Why the guard refused the call that failed with {@code e}, if it did. */
    public static Optional<String> refusal(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AddressRefusedException refused) {
                return Optional.of(refused.getMessage());
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof AddressRefusedException refused) {
                    return Optional.of(refused.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Vets a host the way the client will when it connects: for checks made before anything is sent (a webhook
     * endpoint at registration). Blocking: it may ask the DNS.
     */
    public static Optional<String> refuseHost(AddressPolicy policy, HostResolver resolver, HttpUrl url) {
        Optional<String> literal = refuseLiteral(policy, url);
        if (literal.isPresent() || parseLiteral(url.host()).isPresent()) {
            return literal;
        }
        try {
            new VettingDns(resolver, policy).lookup(url.host());
            return Optional.empty();
        } catch (AddressRefusedException e) {
            return Optional.of(e.getMessage());
        } catch (IOException e) {
            return Optional.of("host could not be resolved");
        }
    }

    /**
     * An IPv6 literal, or a plain dotted quad. Shorthand IPv4 forms ("127.1", "2130706433") are not
     * accepted at all, and nothing here ever triggers a DNS lookup.
     */
    private static Optional<InetAddress> parseLiteral(String host) {
        try {
            if (host.contains(":")) {
                return Optional.of(InetAddress.getByName(host)); // contains ':': parsed, never resolved
            }
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) {
                return Optional.empty();
            }
            byte[] address = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3) {
                    return Optional.empty();
                }
                int value = Integer.parseInt(parts[i]);
                if (value > 255) {
                    return Optional.empty();
                }
                address[i] = (byte) value;
            }
            return Optional.of(InetAddress.getByAddress(address));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
