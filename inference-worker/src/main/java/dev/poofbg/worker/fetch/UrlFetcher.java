package dev.poofbg.worker.fetch;

import dev.poofbg.common.image.ImageSniffer;
import dev.poofbg.common.image.ImageType;
import dev.poofbg.common.net.AddressPolicy;
import dev.poofbg.common.net.GuardedHttp;
import dev.poofbg.common.net.GuardedSocketFactory;
import dev.poofbg.common.net.HostResolver;
import dev.poofbg.common.net.UrlRules;
import dev.poofbg.worker.InputRejectedException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

import javax.net.SocketFactory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Downloads an {@code image_url} under the SSRF rules: the request's URL and every redirect's obey
 * {@link UrlRules} (the rules the gateway applied at submission); every host vetted by
 * {@link AddressPolicy} through {@link GuardedHttp}; redirects followed by hand, each hop re-checked; connect,
 * read and overall deadlines; the size cap enforced on the declared length and while streaming;
 * JPEG or PNG by magic bytes.
 * Every refusal is an {@link InputRejectedException} with a message fit for the customer.
 */
public final class UrlFetcher implements AutoCloseable {
    private static final int CHUNK = 8192;
    private static final Pattern ABSOLUTE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");

    private final FetchConfig config;
    private final AddressPolicy policy;
    private final UrlRules rules;
    private final OkHttpClient client;

    public UrlFetcher(FetchConfig config, HostResolver resolver, SocketFactory socketFactory) {
        this.config = config;
        this.policy = new AddressPolicy(config.allowLoopback());
        this.rules = new UrlRules(config.maxUrlLength());
        this.client = GuardedHttp.client(policy, resolver, socketFactory)
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .writeTimeout(config.readTimeout())
                .build();
    }

    /** Production wiring: the system resolver and the guarded socket factory. */
    public static UrlFetcher create(FetchConfig config) {
        return new UrlFetcher(config, HostResolver.SYSTEM, new GuardedSocketFactory(
                new AddressPolicy(config.allowLoopback())));
    }

    public byte[] fetch(String imageUrl) throws InputRejectedException {
        return fetch("image_url", imageUrl);
    }

    /** The image at {@code imageUrl}; refusals name it as the request's {@code field}. */
    public byte[] fetch(String field, String imageUrl) throws InputRejectedException {
        HttpUrl url = checked(imageUrl, field + " ");
        long deadline = System.nanoTime() + config.deadline().toNanos();
        for (int redirects = 0; ; redirects++) {
            vetLiteral(field, url);
            Request request = new Request.Builder().url(url).get()
                    .header("Accept", "image/jpeg, image/png")
                    .header("Accept-Encoding", "identity") // no transparent gunzip: the cap counts real bytes
                    .header("User-Agent", "PoofBG-fetcher/1")
                    .build();
            Call call = client.newCall(request);
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new InputRejectedException(field + " took too long to download");
            }
            call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
            try (Response response = call.execute()) {
                if (response.isRedirect()) {
                    if (redirects >= config.maxRedirects()) {
                        throw new InputRejectedException(field + " redirects more than "
                                + config.maxRedirects() + " times");
                    }
                    String location = response.header("Location");
                    HttpUrl next = location == null ? null : url.resolve(location);
                    if (next == null) {
                        throw new InputRejectedException(field + " redirects to an invalid location");
                    }
                    // An absolute location is judged as written (resolving would tidy "http:///x" into a host).
                    String target = ABSOLUTE.matcher(location).lookingAt() ? location : next.toString();
                    url = checked(target, field + " redirects to a refused URL: it ");
                    continue;
                }
                if (!response.isSuccessful()) {
                    throw new InputRejectedException(field + " could not be fetched: the server answered HTTP "
                            + response.code());
                }
                try {
                    return checkedBody(field, response.body());
                } catch (InputRejectedException e) {
                    // Closing an unread body makes OkHttp read on to keep the connection; cancelling drops it now.
                    call.cancel();
                    throw e;
                }
            } catch (IOException e) {
                throw translate(field, e);
            }
        }
    }

    private HttpUrl checked(String url, String refusalPrefix) throws InputRejectedException {
        try {
            return rules.check(url);
        } catch (UrlRules.UrlRefusedException e) {
            throw new InputRejectedException(refusalPrefix + e.getMessage());
        }
    }

    private void vetLiteral(String field, HttpUrl url) throws InputRejectedException {
        Optional<String> refusal = GuardedHttp.refuseLiteral(policy, url);
        if (refusal.isPresent()) {
            throw new InputRejectedException(field + " " + refusal.get());
        }
    }

    private byte[] checkedBody(String field, ResponseBody body) throws IOException, InputRejectedException {
        long max = config.maxBytes();
        if (body.contentLength() > max) {
            throw tooLarge(field);
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        while (source.read(buffer, CHUNK) != -1) {
            if (buffer.size() > max) {
                throw tooLarge(field); // endless or lying streams stop here, not at the end
            }
        }
        byte[] bytes = buffer.readByteArray();
        Optional<ImageType> type = ImageSniffer.detect(bytes);
        if (type.isEmpty() || type.get() == ImageType.WEBP) {
            throw new InputRejectedException(field + " must point to a JPEG or PNG image");
        }
        return bytes;
    }

    private InputRejectedException tooLarge(String field) {
        return new InputRejectedException(field + " exceeds the maximum size of " + config.maxBytes() / (1024 * 1024)
                + " MB");
    }

    private static InputRejectedException translate(String field, IOException e) {
        Optional<String> refusal = GuardedHttp.refusal(e);
        if (refusal.isPresent()) {
            return new InputRejectedException(field + " " + refusal.get(), e);
        }
        if (e instanceof InterruptedIOException) {
            return new InputRejectedException(field + " took too long to download", e);
        }
        if (e instanceof java.net.UnknownHostException) {
            return new InputRejectedException(field + " host could not be resolved", e);
        }
        return new InputRejectedException(field + " could not be fetched", e);
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
