package dev.poofbg.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person at the dashboard without a browser: keeps the cookies the gateway sets, reads each form's CSRF token from
 * the page, and never follows redirects (the tests look at them).
 */
final class DashboardSession {

    static final String PASSWORD = "a long enough password";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");
    private static final Pattern SET_COOKIE = Pattern.compile("^([^=]+)=([^;]*)");

    final String base;
    final Map<String, String> cookies = new LinkedHashMap<>();
    String email;
    String csrf;

    DashboardSession(String base) {
        this.base = base;
    }

    /** A new customer: signs up with a fresh address and lands on the overview. */
    static DashboardSession signUp(String base) {
        DashboardSession session = new DashboardSession(base);
        session.email = "dash-" + UUID.randomUUID() + "@example.com";
        Http.Response form = session.get("/dashboard/signup");
        assertThat(form.status()).isEqualTo(200);
        Http.Response created = session.post("/dashboard/signup", Map.of("email", session.email, "password", PASSWORD));
        assertThat(created.status()).as(created.text()).isEqualTo(303);
        assertThat(created.header("Location")).endsWith("/dashboard");
        session.get("/dashboard");
        return session;
    }

    /** Signs in (the form first, for its token); the answer is the POST's. */
    Http.Response signIn(String email, String password) {
        this.email = email;
        get("/dashboard/login");
        return post("/dashboard/login", Map.of("email", email, "password", password));
    }

    Http.Response get(String path) {
        Http.Response response = send(Http.request(base + path, null).GET());
        rememberToken(response);
        return response;
    }

    /** A form POST with this session's current token. */
    Http.Response post(String path, Map<String, String> fields) {
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        if (csrf != null) {
            withToken.putIfAbsent("csrf_token", csrf);
        }
        return postExactly(path, withToken);
    }

    /** A form POST of exactly these fields (no token added). */
    Http.Response postExactly(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        Http.Response response = send(Http.request(base + path, null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        rememberToken(response);
        return response;
    }

    Http.Response postMultipart(String path, Http.Part... parts) {
        Http.Response response = send(Http.multipart(Http.request(base + path, null), parts));
        rememberToken(response);
        return response;
    }

    /** This user's account id, as an operator finds it by e-mail through the admin API. */
    String accountIdFromBilling() {
        Http.Response found = Http.get(Platform.get().adminUrl() + "/admin/v1/accounts?query="
                + enc(email), Platform.ADMIN_TOKEN);
        assertThat(found.status()).isEqualTo(200);
        return found.json().get("data").get(0).get("id").asText();
    }

    String cookie(String name) {
        return cookies.get(name);
    }

    private Http.Response send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        Http.Response response = Http.send(request.build());
        for (String header : response.raw().headers().allValues("Set-Cookie")) {
            Matcher cookie = SET_COOKIE.matcher(header);
            if (cookie.find()) {
                if (cookie.group(2).isEmpty() || header.contains("Max-Age=0")) {
                    cookies.remove(cookie.group(1));
                } else {
                    cookies.put(cookie.group(1), cookie.group(2));
                }
            }
        }
        return response;
    }

    private void rememberToken(Http.Response response) {
        String type = response.header("Content-Type");
        if (type != null && type.startsWith("text/html")) {
            Matcher token = CSRF.matcher(response.text());
            if (token.find()) {
                csrf = token.group(1);
            }
        }
    }

    static String path(String location) {
        return URI.create(location).getPath();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
