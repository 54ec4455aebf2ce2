package dev.poofbg.common.net;


import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * Last line of the SSRF guard: every socket re-checks the address it is about to connect to, so
 * even a path that bypassed {@link VettingDns} (an IP literal, a future OkHttp change) cannot reach a
 * refused address.
 */
public class GuardedSocketFactory extends SocketFactory {
    private final AddressPolicy policy;

    public GuardedSocketFactory(AddressPolicy policy) {
        this.policy = policy;
    }

    /**
     * Called with the vetted address just before the real connect. Tests override it to fail when
     * anything but loopback would be reached.
     */
    protected void beforeConnect(InetSocketAddress address) throws IOException {
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                if (!(endpoint instanceof InetSocketAddress inet) || inet.getAddress() == null) {
                    throw new AddressRefusedException("host could not be resolved");
                }
                Optional<String> refusal = policy.refuse(inet.getAddress());
                if (refusal.isPresent()) {
                    throw new AddressRefusedException(refusal.get());
                }
                beforeConnect(inet);
                super.connect(endpoint, timeout);
            }
        };
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress address) throws IOException {
        Socket socket = createSocket();
        socket.connect(address);
        return socket;
    }
}
