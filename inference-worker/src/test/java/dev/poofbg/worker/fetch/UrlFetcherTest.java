package dev.poofbg.worker.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.poofbg.common.net.AddressPolicy;
import dev.poofbg.common.net.HostResolver;
import dev.poofbg.common.net.LoopbackOnlySockets;
import dev.poofbg.worker.InputRejectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SSRF guard's decisions, with an injected resolver (any name can resolve to any address) and a
 * connection layer that refuses everything but 127.0.0.1. Only the loopback test server is ever
 * connected to.
 */
class UrlFetcherTest {
    private static final byte[] PNG = png();

    private HttpServer server;
    private String base;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong streamed = new AtomicLong();
    private final AtomicInteger lookups = new AtomicInteger();

    /** Names of the test world; a name not listed does not resolve. */
    private final Map<String, String[]> dns = Map.of(
            "images.test", new String[] {"127.0.0.1"},
            "dual.test", new String[] {"127.0.0.2", "127.0.0.1"},
            "internal.test", new String[] {"10.0.0.1"},
            "metadata.test", new String[] {"169.254.169.254"},
            "mixed.test", new String[] {"203.0.113.7", "10.0.0.1"},
            "mapped.test", new String[] {"::ffff:10.0.0.1"},
            "ula.test", new String[] {"fd00::1"},
            "ec2v6.test", new String[] {"fd00:ec2::254"});

    private final HostResolver resolver = host -> {
        if (host.equalsIgnoreCase("metadata.google.internal")) {
            throw new AssertionError("metadata names must be refused before any lookup");
        }
        lookups.incrementAndGet();
        String[] literals = dns.get(host);
        if (literals == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] addresses = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            addresses[i] = InetAddress.getByName(literals[i]); // literals only: no lookup
        }
        return addresses;
    };

    private LoopbackOnlySockets sockets;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", this::serve);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        if (sockets != null) {
            assertTrue(sockets.violations.isEmpty(), "attempted connections outside loopback: " + sockets.violations);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            if (path.equals("/image.png")) {
                send(exchange, 200, PNG);
            } else if (path.startsWith("/redirect/")) {
                // /redirect/N hops N more times, then lands on the image
                int left = Integer.parseInt(path.substring("/redirect/".length()));
                exchange.getResponseHeaders().add("Location", left == 0 ? "/image.png" : "/redirect/" + (left - 1));
                send(exchange, 302, new byte[0]);
            } else if (path.equals("/to")) {
                exchange.getResponseHeaders().add("Location", exchange.getRequestURI().getQuery());
                send(exchange, 307, new byte[0]);
            } else if (path.equals("/endless")) {
                exchange.sendResponseHeaders(200, 0); // chunked, never ends by itself
                OutputStream out = exchange.getResponseBody();
                out.write(PNG, 0, 16);
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (int i = 0; i < 10_000; i++) {
                        out.write(chunk);
                    }
                } catch (IOException clientGaveUp) {
                    // expected: the fetcher stops reading at the cap
                }
            } else if (path.equals("/huge-declared")) {
                exchange.sendResponseHeaders(200, 50L * 1024 * 1024);
            } else if (path.equals("/huge-declared-streaming")) {
                exchange.sendResponseHeaders(200, 50L * 1024 * 1024);
                OutputStream out = exchange.getResponseBody();
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (int i = 0; i < 50 * 16; i++) {
                        out.write(chunk);
                        streamed.addAndGet(chunk.length);
                    }
                } catch (IOException clientGaveUp) {
                    // expected: refused on the declared length
                }
            } else if (path.equals("/slow")) {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                try {
                    for (int i = 0; i < 100; i++) { // one byte every 100 ms: each read is quick, the whole is not
                        out.write(PNG[i % PNG.length]);
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException clientGaveUp) {
                    // expected: the deadline cut it
                }
            } else if (path.equals("/silent")) {
                exchange.sendResponseHeaders(200, 0);
                sleep(3000);
            } else if (path.equals("/webp")) {
                send(exchange, 200, "RIFF\0\0\0\0WEBPVP8 ....".getBytes());
            } else if (path.equals("/html")) {
                send(exchange, 200, "<html>not an image</html>".getBytes());
            } else {
                send(exchange, 404, new byte[0]);
            }
        }
    }

    private UrlFetcher fetcher(boolean allowLoopback) {
        return fetcher(allowLoopback, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private UrlFetcher fetcher(boolean allowLoopback, Duration readTimeout, Duration deadline) {
        sockets = new LoopbackOnlySockets(new AddressPolicy(allowLoopback));
        FetchConfig config = new TestFetchConfig(allowLoopback, Duration.ofSeconds(2), readTimeout, deadline,
                1024 * 1024, 3);
        return new UrlFetcher(config, resolver, sockets);
    }

    // --- default policy: nothing private is reached, nothing is even connected ---------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1:%d/image.png",
            "http://[::1]:%d/image.png",
            "http://[::ffff:127.0.0.1]:%d/image.png",
            "http://2130706433:%d/image.png",
            "http://127.1:%d/image.png",
            "http://0.0.0.0:%d/image.png",
            "http://images.test:%d/image.png",
            "http://internal.test:%d/image.png",
            "http://mixed.test:%d/image.png",
            "http://mapped.test:%d/image.png",
            "http://ula.test:%d/image.png",
    })
    void privateAndLoopbackTargetsAreRefusedWithoutConnecting(String template) {
        try (UrlFetcher fetcher = fetcher(false)) {
            String url = String.format(template, server.getAddress().getPort());
            InputRejectedException e = assertThrows(InputRejectedException.class, () -> fetcher.fetch(url));
            assertTrue(e.getMessage().startsWith("image_url"), e.getMessage());
            assertTrue(sockets.connects.isEmpty(), "connected to " + sockets.connects);
            assertEquals(0, requests.get());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://169.254.169.254/latest/meta-data/",
            "http://[fd00:ec2::254]/latest/meta-data/",
            "http://[::ffff:169.254.169.254]/",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://metadata.test/",
            "http://ec2v6.test/",
            "http://100.100.100.200/latest/meta-data/",
    })
    void metadataEndpointsAreRefusedEvenWhenPrivateAddressesAreAllowed(String url) {
        try (UrlFetcher fetcher = fetcher(true)) {
            InputRejectedException e = assertThrows(InputRejectedException.class, () -> fetcher.fetch(url));
            assertEquals("image_url points to a cloud metadata service", e.getMessage());
            assertTrue(sockets.connects.isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://images.test/a.png", "file:///etc/passwd", "gopher://images.test/", "not-a-url", "javascript:alert(1)"})
    void onlyHttpAndHttpsAreFetched(String url) {
        try (UrlFetcher fetcher = fetcher(true)) {
            InputRejectedException e = assertThrows(InputRejectedException.class, () -> fetcher.fetch(url));
            assertEquals("image_url must be an http or https URL", e.getMessage());
            assertEquals(0, lookups.get());
        }
    }

    // --- allow-loopback (local/test): loopback works end to end, the other rules still hold --------

    @Test
    void loopbackImageIsFetchedWhenPrivateAddressesAreAllowed() throws Exception {
        try (UrlFetcher fetcher = fetcher(true)) {
            assertArrayEquals(PNG, fetcher.fetch(base + "/image.png"));
            assertArrayEquals(PNG, fetcher.fetch("http://images.test:" + server.getAddress().getPort() + "/image.png"));
            assertTrue(!sockets.connects.isEmpty() && sockets.connects.stream()
                    .allMatch(a -> a.getAddress().getHostAddress().equals("127.0.0.1")));
        }
    }

    @Test
    void upToThreeRedirectsAreFollowed() throws Exception {
        try (UrlFetcher fetcher = fetcher(true)) {
            assertArrayEquals(PNG, fetcher.fetch(base + "/redirect/2")); // 3 redirects in all
            assertEquals(4, requests.get());
        }
    }

    @Test
    void aFourthRedirectIsRefused() {
        try (UrlFetcher fetcher = fetcher(true)) {
            InputRejectedException e = assertThrows(InputRejectedException.class,
                    () -> fetcher.fetch(base + "/redirect/3"));
            assertEquals("image_url redirects more than 3 times", e.getMessage());
            assertEquals(4, requests.get());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://169.254.169.254/latest/meta-data/",
            "http://metadata.google.internal/",
            "http://metadata.test/",
            "http://[::ffff:169.254.169.254]/",
            "http://0.0.0.0/",
            "ftp://images.test/",
            "http://user:secret@127.0.0.1:9/image.png",
            "http:///image.png",
            "https://images.test/a%00b.png?x=%0d%0a",
    })
    void everyRedirectTargetIsCheckedAgain(String target) {
        try (UrlFetcher fetcher = fetcher(true)) {
            InputRejectedException e = assertThrows(InputRejectedException.class,
                    () -> fetcher.fetch(base + "/to?" + target));
            assertTrue(e.getMessage().startsWith("image_url"), e.getMessage());
            assertEquals(1, requests.get()); // only the redirecting loopback server was asked
            assertTrue(sockets.connects.stream().allMatch(a -> a.getPort() == server.getAddress().getPort()));
        }
    }

    @Test
    void endlessStreamsStopAtTheCap() {
        try (UrlFetcher fetcher = fetcher(true)) {
            InputRejectedException e = assertThrows(InputRejectedException.class,
                    () -> fetcher.fetch(base + "/endless"));
            assertEquals("image_url exceeds the maximum size of 1 MB", e.getMessage());
        }
    }

    @Test
    void declaredOversizeIsRefusedBeforeReading() {
        try (UrlFetcher fetcher = fetcher(true)) {
            InputRejectedException e = assertThrows(InputRejectedException.class,
                    () -> fetcher.fetch(base + "/huge-declared"));
            assertEquals("image_url exceeds the maximum size of 1 MB", e.getMessage());
        }
    }

    @Test
    void aDeclaredOversizeBodyIsNotDownloadedOnTheWayOut() throws InterruptedException {
        try (UrlFetcher fetcher = fetcher(true)) {
            InputRejectedException e = assertThrows(InputRejectedException.class,
                    () -> fetcher.fetch(base + "/huge-declared-streaming"));
            assertEquals("image_url exceeds the maximum size of 1 MB", e.getMessage());
        }
        Thread.sleep(500); // the server finds the connection gone
        // What the socket buffers took before the connection was dropped, not the 50 MB declared.
        assertTrue(streamed.get() < 16L * 1024 * 1024, "bytes the server could send: " + streamed.get());
    }

    @Test
    void slowServersHitTheOverallDeadline() {
        try (UrlFetcher fetcher = fetcher(true, Duration.ofSeconds(2), Duration.ofMillis(700))) {
            long start = System.nanoTime();
            InputRejectedException e = assertThrows(InputRejectedException.class, () -> fetcher.fetch(base + "/slow"));
            assertEquals("image_url took too long to download", e.getMessage());
            assertTrue(System.nanoTime() - start < 3_000_000_000L);
        }
    }

    @Test
    void silentServersHitTheReadTimeout() {
        try (UrlFetcher fetcher = fetcher(true, Duration.ofMillis(300), Duration.ofSeconds(10))) {
            InputRejectedException e = assertThrows(InputRejectedException.class,
                    () -> fetcher.fetch(base + "/silent"));
            assertEquals("image_url took too long to download", e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/webp", "/html"})
    void onlyJpegAndPngBytesAreAccepted(String path) {
        try (UrlFetcher fetcher = fetcher(true)) {
            InputRejectedException e = assertThrows(InputRejectedException.class, () -> fetcher.fetch(base + path));
            assertEquals("image_url must point to a JPEG or PNG image", e.getMessage());
        }
    }

    /** Like Python's http.server: HTTP/1.0 answers, the connection closed after each without a header saying so. */
    @Test
    void consecutiveFetchesFromAServerThatClosesEachConnectionSucceed() throws Exception {
        try (ServerSocket closing = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
                UrlFetcher fetcher = fetcher(true)) {
            Thread answering = new Thread(() -> {
                for (int i = 0; i < 3; i++) {
                    try (Socket client = closing.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                                StandardCharsets.ISO_8859_1));
                        while (!in.readLine().isEmpty()) {
                            // the request's head
                        }
                        OutputStream out = client.getOutputStream();
                        out.write(("HTTP/1.0 200 OK\r\nContent-Type: image/png\r\nContent-Length: " + PNG.length
                                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(PNG);
                        out.flush();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            answering.start();
            String url = "http://127.0.0.1:" + closing.getLocalPort() + "/image.png";
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(PNG, fetcher.fetch(url), "fetch " + (i + 1));
            }
            answering.join(5000);
        }
    }

    /** A host whose first address does not answer (an IPv6 address without an IPv6 route, say) is fetched from the next. */
    @Test
    void anAddressThatRefusesFallsBackToTheHostsNextAddress() throws Exception {
        try (UrlFetcher fetcher = fetcher(true)) {
            assertArrayEquals(PNG, fetcher.fetch("http://dual.test:" + server.getAddress().getPort() + "/image.png"));
            assertEquals(List.of("127.0.0.2", "127.0.0.1"),
                    sockets.connects.stream().map(a -> a.getAddress().getHostAddress()).toList());
        }
    }

    @Test
    void httpErrorsAreReported() {
        try (UrlFetcher fetcher = fetcher(true)) {
            InputRejectedException e = assertThrows(InputRejectedException.class,
                    () -> fetcher.fetch(base + "/missing.png"));
            assertEquals("image_url could not be fetched: the server answered HTTP 404", e.getMessage());
        }
    }

    @Test
    void unknownHostsAreReported() {
        try (UrlFetcher fetcher = fetcher(true)) {
            InputRejectedException e = assertThrows(InputRejectedException.class,
                    () -> fetcher.fetch("http://nowhere.test/a.png"));
            assertEquals("image_url host could not be resolved", e.getMessage());
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] png() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record TestFetchConfig(boolean allowLoopback, Duration connectTimeout, Duration readTimeout,
                           Duration deadline, long maxBytes, int maxRedirects) implements FetchConfig {
        @Override
        public int maxUrlLength() {
            return 2048;
        }
    }
}
