package dev.poofbg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's security promises, each held on the running platform over plain HTTP: sessions, CSRF, throttles,
 * escaping, the policy headers, account isolation, suspension and password changes ending sessions, no secrets in
 * logs. (DashboardBrowserIT drives the same pages in Chromium.)
 */
@ExtendWith(Platform.class)
class DashboardSecurityIT {

    private static final Pattern KEY = Pattern.compile("value=\"(pk_live_[0-9A-Za-z]+)\"");
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern EVENT_HANDLER = Pattern.compile("<[^>]+\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

    private final String api = Platform.get().apiUrl();

    @Test
    void signUpNeedsItsFormTokenAndStartsAServerSideSessionInASafeCookie() {
        DashboardSession visitor = new DashboardSession(api);
        visitor.get("/dashboard/signup");
        String email = "dash-" + UUID.randomUUID() + "@example.com";
        Http.Response noToken = visitor.postExactly("/dashboard/signup", Map.of("email", email, "password",
                DashboardSession.PASSWORD));
        assertThat(noToken.status()).isEqualTo(403);
        Http.Response wrongToken = visitor.postExactly("/dashboard/signup", Map.of("email", email, "password",
                DashboardSession.PASSWORD, "csrf_token", "forged"));
        assertThat(wrongToken.status()).isEqualTo(403);

        Http.Response created = visitor.post("/dashboard/signup", Map.of("email", email, "password", DashboardSession.PASSWORD));
        assertThat(created.status()).isEqualTo(303);
        String setCookie = created.raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("poof_session=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/dashboard");
        assertThat(visitor.cookie("poof_session")).hasSizeGreaterThanOrEqualTo(43);

        Http.Response overview = visitor.get("/dashboard");
        assertThat(overview.status()).isEqualTo(200);
        assertThat(overview.text()).contains(email).contains("free").contains("Credits remaining").contains("<svg");

        // The same address again, in other case: refused with a readable message.
        DashboardSession again = new DashboardSession(api);
        again.get("/dashboard/signup");
        Http.Response duplicate = again.post("/dashboard/signup", Map.of("email", email.toUpperCase(),
                "password", DashboardSession.PASSWORD));
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.text()).contains("already exists");
        Http.Response shortPassword = again.post("/dashboard/signup", Map.of("email", "x" + email, "password", "short"));
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.text()).contains("10 to");
    }

    @Test
    void signInGivesANewSessionIdAndSignOutEndsItAtOnce() {
        DashboardSession first = DashboardSession.signUp(api);
        String signUpSession = first.cookie("poof_session");
        DashboardSession second = new DashboardSession(api);
        assertThat(second.signIn(first.email.toUpperCase(), DashboardSession.PASSWORD).status()).isEqualTo(303);
        assertThat(second.cookie("poof_session")).isNotEqualTo(signUpSession);

        // A session id an attacker planted before sign-in is not adopted: sign-in always issues a new one.
        DashboardSession planted = new DashboardSession(api);
        String chosen = "A".repeat(43);
        planted.cookies.put("poof_session", chosen);
        planted.get("/dashboard/login");
        assertThat(planted.signIn(first.email, DashboardSession.PASSWORD).status()).isEqualTo(303);
        assertThat(planted.cookie("poof_session")).isNotEqualTo(chosen).isNotEqualTo(signUpSession);

        first.get("/dashboard");
        Http.Response out = first.post("/dashboard/logout", Map.of());
        assertThat(out.status()).isEqualTo(303);
        assertThat(DashboardSession.path(out.header("Location"))).isEqualTo("/dashboard/login");
        DashboardSession replay = new DashboardSession(api);
        replay.cookies.put("poof_session", signUpSession);
        Http.Response afterLogout = replay.get("/dashboard");
        assertThat(afterLogout.status()).isEqualTo(303);
        assertThat(DashboardSession.path(afterLogout.header("Location"))).isEqualTo("/dashboard/login");
        assertThat(second.get("/dashboard").status()).isEqualTo(200);
    }

    @Test
    void formsWithoutTheSessionsTokenAreRefusedAndChangeNothing() {
        DashboardSession customer = DashboardSession.signUp(api);
        customer.get("/dashboard/keys");
        assertThat(customer.postExactly("/dashboard/keys", Map.of("name", "no token")).status()).isEqualTo(403);
        assertThat(customer.postExactly("/dashboard/keys", Map.of("name", "forged", "csrf_token", "x".repeat(43))).status())
                .isEqualTo(403);
        DashboardSession other = DashboardSession.signUp(api);
        other.get("/dashboard/keys");
        assertThat(customer.postExactly("/dashboard/keys", Map.of("name", "other's token", "csrf_token", other.csrf))
                .status()).isEqualTo(403);
        assertThat(customer.get("/dashboard/keys").text()).doesNotContain("no token", "forged", "other&#39;s token");
        assertThat(customer.postExactly("/dashboard/logout", Map.of()).status()).isEqualTo(403);
        assertThat(customer.get("/dashboard").status()).isEqualTo(200);
    }

    @Test
    void everyPageCarriesAStrictPolicyAndEscapesWhatUsersTyped() {
        DashboardSession customer = DashboardSession.signUp(api);
        customer.get("/dashboard/keys");
        Http.Response created = customer.post("/dashboard/keys", Map.of("name", "<script>alert(1)</script>"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");

        Http.Response unknown = customer.get("/dashboard/no-such-page");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("text/html");
        assertThat(unknown.text()).contains("Not found");
        for (String path : List.of("/dashboard", "/dashboard/keys", "/dashboard/jobs", "/dashboard/try",
                "/dashboard/billing", "/dashboard/password", "/dashboard/login", "/dashboard/signup")) {
            Http.Response page = customer.get(path);
            assertThat(page.status()).as(path).isIn(200, 303);
            String csp = page.header("Content-Security-Policy");
            assertThat(csp).as(path).contains("frame-ancestors 'none'").contains("script-src 'self'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
            if (page.status() == 200) {
                assertThat(INLINE_SCRIPT.matcher(page.text()).find()).as(path + " has an inline script").isFalse();
                assertThat(EVENT_HANDLER.matcher(page.text()).find()).as(path + " has an event handler").isFalse();
            }
        }
    }

    @Test
    void anotherAccountsJobsAndKeysDoNotExistWhateverIdIsInTheUrl() {
        DashboardSession owner = DashboardSession.signUp(api);
        String key = createKey(owner, "owner's key");
        JsonNode job = Http.postMultipart(api + "/v1/remove-background", key,
                Http.Part.file("photo.png", "image/png", TestImages.png(TestImages.subjectOnBackdrop(320, 240)))).json();
        String jobId = job.get("id").asText();
        Jobs.awaitTerminal(api, key, jobId, Duration.ofSeconds(60));
        String keyId = keyIdOf(owner.get("/dashboard/keys").text());

        DashboardSession intruder = DashboardSession.signUp(api);
        for (String path : List.of("/dashboard/jobs/" + jobId, "/dashboard/jobs/" + jobId + "/thumbnail",
                "/dashboard/jobs/" + jobId + "/result", "/dashboard/jobs/" + jobId + "/download",
                "/dashboard/keys/" + keyId + "/revoke", "/dashboard/admin",
                "/dashboard/admin/accounts/" + owner.accountIdFromBilling())) {
            assertThat(intruder.get(path).status()).as(path).isEqualTo(404);
        }
        intruder.get("/dashboard/keys");
        assertThat(intruder.post("/dashboard/keys/" + keyId + "/revoke", Map.of()).status()).isEqualTo(404);
        assertThat(intruder.get("/dashboard/jobs").text()).doesNotContain(jobId);
        assertThat(Http.get(api + "/v1/account", key).status()).isEqualTo(200);

        // A job sent through the API shows its cut-out only: the original is kept for try-page jobs alone.
        assertThat(owner.get("/dashboard/jobs/" + jobId).text()).contains("/result").doesNotContain("/original");
        Http.Response ownList = owner.get("/dashboard/jobs");
        assertThat(ownList.text()).contains(jobId).contains("/dashboard/jobs/" + jobId + "/thumbnail");
        Http.Response thumbnail = owner.get("/dashboard/jobs/" + jobId + "/thumbnail");
        assertThat(thumbnail.status()).isEqualTo(200);
        assertThat(thumbnail.header("Content-Type")).isEqualTo("image/png");
        java.awt.image.BufferedImage preview = TestImages.decode(thumbnail.bytes());
        assertThat(Math.max(preview.getWidth(), preview.getHeight())).isEqualTo(256);
    }

    @Test
    void aKeyRevokedInTheDashboardIsRefusedWithinFiveSeconds() {
        DashboardSession customer = DashboardSession.signUp(api);
        String key = createKey(customer, "short-lived");
        assertThat(Http.get(api + "/v1/account", key).status()).isEqualTo(200);
        String keyId = keyIdOf(customer.get("/dashboard/keys").text());
        assertThat(customer.get("/dashboard/keys/" + keyId + "/revoke").text()).contains("Revoke key");
        Http.Response revoked = customer.post("/dashboard/keys/" + keyId + "/revoke", Map.of());
        assertThat(revoked.status()).isEqualTo(303);
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        int status;
        do {
            status = Http.get(api + "/v1/account", key).status();
        } while (status != 401 && System.nanoTime() < deadline && sleep());
        assertThat(status).isEqualTo(401);
        assertThat(customer.get("/dashboard/keys").text()).contains("Revoked");
    }

    @Test
    void repeatedWrongPasswordsAreThrottledPerAddressWithATryAgainPage() {
        DashboardSession customer = DashboardSession.signUp(api);
        DashboardSession guesser = new DashboardSession(api);
        for (int i = 0; i < 5; i++) {
            assertThat(guesser.signIn(customer.email, "wrong password " + i).status()).isEqualTo(401);
        }
        Http.Response throttled = guesser.signIn(customer.email, DashboardSession.PASSWORD);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.text()).containsPattern("Try again in 1[45] minutes");
        // Other addresses are not locked out by it.
        DashboardSession someoneElse = DashboardSession.signUp(api);
        assertThat(new DashboardSession(api).signIn(someoneElse.email, DashboardSession.PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void guessesSentAllAtOnceAreCountedBeforeTheyAreChecked() throws Exception {
        DashboardSession customer = DashboardSession.signUp(api);
        List<DashboardSession> guessers = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            DashboardSession guesser = new DashboardSession(api);
            guesser.get("/dashboard/login");
            guessers.add(guesser);
        }
        List<Integer> statuses = guessers.parallelStream()
                .map(g -> g.post("/dashboard/login", Map.of("email", customer.email, "password", "parallel guess")).status())
                .toList();
        assertThat(statuses).containsOnly(401, 429);
        assertThat(statuses.stream().filter(s -> s == 401).count()).isLessThanOrEqualTo(5);
    }

    @Test
    void aPasswordChangeEndsEveryOtherSession() {
        DashboardSession laptop = DashboardSession.signUp(api);
        DashboardSession phone = new DashboardSession(api);
        assertThat(phone.signIn(laptop.email, DashboardSession.PASSWORD).status()).isEqualTo(303);
        laptop.get("/dashboard/password");
        Http.Response wrong = laptop.post("/dashboard/password", Map.of("current_password", "not it at all",
                "new_password", "another long password"));
        assertThat(wrong.status()).isEqualTo(400);
        Http.Response changed = laptop.post("/dashboard/password", Map.of("current_password", DashboardSession.PASSWORD,
                "new_password", "another long password"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.text()).contains("Password changed");
        assertThat(laptop.get("/dashboard").status()).isEqualTo(200);
        assertThat(phone.get("/dashboard").status()).isEqualTo(303);
        assertThat(new DashboardSession(api).signIn(laptop.email, "another long password").status()).isEqualTo(303);
    }

    @Test
    void anOperatorsSuspensionEndsTheAccountsSessionsAndRefusesItsKeys() {
        DashboardSession customer = DashboardSession.signUp(api);
        String key = createKey(customer, "to be suspended");
        String accountId = customer.accountIdFromBilling();
        DashboardSession operator = operator(api);

        Http.Response page = operator.get("/dashboard/admin?q=" + customer.email);
        assertThat(page.text()).contains(accountId).contains("Median processing time");
        operator.get("/dashboard/admin/accounts/" + accountId);
        Http.Response granted = operator.post("/dashboard/admin/accounts/" + accountId + "/credits",
                Map.of("credits", "7", "reference", "INV-" + UUID.randomUUID()));
        assertThat(granted.status()).isEqualTo(303);
        assertThat(Http.get(api + "/v1/account", key).json().get("credits_remaining").asLong()).isEqualTo(10);

        operator.get("/dashboard/admin/accounts/" + accountId);
        Http.Response suspended = operator.post("/dashboard/admin/accounts/" + accountId + "/suspension",
                Map.of("suspended", "true"));
        assertThat(suspended.status()).isEqualTo(303);
        assertThat(customer.get("/dashboard").status()).isEqualTo(303);
        Http.Response signIn = new DashboardSession(api).signIn(customer.email, DashboardSession.PASSWORD);
        assertThat(signIn.status()).isEqualTo(403);
        assertThat(signIn.text()).contains("suspended");
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        int status;
        do {
            status = Http.get(api + "/v1/account", key).status();
        } while (status != 401 && System.nanoTime() < deadline && sleep());
        assertThat(status).isEqualTo(401);

        operator.get("/dashboard/admin/accounts/" + accountId);
        operator.post("/dashboard/admin/accounts/" + accountId + "/suspension", Map.of("suspended", "false"));
        assertThat(new DashboardSession(api).signIn(customer.email, DashboardSession.PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void noPasswordOrKeyReachesAnyServicesLog() throws Exception {
        DashboardSession customer = DashboardSession.signUp(api);
        String key = createKey(customer, "logged?");
        Http.get(api + "/v1/account", key);
        new DashboardSession(api).signIn(customer.email, "a wrong password that must not be logged");
        Path logs = Path.of(System.getProperty("poof.repo.dir", "../..")).resolve("deploy/e2e-tests/target/e2e-logs");
        for (String service : List.of("api-gateway.log", "billing-service.log")) {
            String log = Files.readString(logs.resolve(service));
            assertThat(log).as(service).doesNotContain(DashboardSession.PASSWORD)
                    .doesNotContain("a wrong password that must not be logged")
                    .doesNotContain(key.substring(14));
        }
    }

    static String createKey(DashboardSession session, String name) {
        session.get("/dashboard/keys");
        Http.Response created = session.post("/dashboard/keys", Map.of("name", name));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Matcher key = KEY.matcher(created.text());
        assertThat(key.find()).isTrue();
        assertThat(session.get("/dashboard/keys").text()).doesNotContain(key.group(1));
        return key.group(1);
    }

    static String keyIdOf(String keysPage) {
        Matcher id = Pattern.compile("/dashboard/keys/(key_[0-9A-Za-z]+)/revoke").matcher(keysPage);
        assertThat(id.find()).as("a key to revoke").isTrue();
        return id.group(1);
    }

    /** An operator, made through the admin API as operators are (never by sign-up), signed in. */
    static DashboardSession operator(String api) {
        String email = "operator-" + UUID.randomUUID() + "@example.com";
        Http.Response made = Http.postJson(Platform.get().adminUrl() + "/admin/v1/users", Platform.ADMIN_TOKEN,
                Map.of("email", email, "password", DashboardSession.PASSWORD, "operator", true));
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        DashboardSession operator = new DashboardSession(api);
        assertThat(operator.signIn(email, DashboardSession.PASSWORD).status()).isEqualTo(303);
        return operator;
    }

    private static boolean sleep() {
        Jobs.sleep(200);
        return true;
    }
}
