package dev.poofbg.gateway.dashboard;

import dev.poofbg.common.billing.DashboardUser;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.gateway.billing.DashboardBilling;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

/**
 * Who is signed in: the session cookie's live session, and its user as billing knows them on this request. A user whose
 * account was suspended, or whose password changed after the session began, has every such session ended here, at
 * the next page they open, whoever made the change (the dashboard, the admin API, poofctl).
 */
@ApplicationScoped
public class DashboardSessions {

    public static final String SESSION_COOKIE = "poof_session";
    /** Double-submit token of the sign-in and sign-up forms, which have no session to hold one. */
    public static final String FORM_COOKIE = "poof_form";
    static final String PATH = "/dashboard";
    static final URI LOGIN = URI.create("/dashboard/login");
    private static final Logger LOG = Logger.getLogger(DashboardSessions.class);

    private final SessionStore store;
    private final DashboardBilling billing;
    private final DashboardConfig config;

    public DashboardSessions(SessionStore store, DashboardBilling billing, DashboardConfig config) {
        this.store = store;
        this.billing = billing;
        this.config = config;
    }

    /** The signed-in user, or null when the cookie names no live session. */
    public Uni<SignedIn> current(String cookie) {
        return store.find(cookie).chain(session -> session == null ? Uni.createFrom().nullItem()
                : billing.user(session.userId())
                        .onFailure(failure -> failure instanceof ApiException api && api.code() == ErrorCode.NOT_FOUND)
                        .recoverWithNull()
                        .chain(user -> stillValid(session, user)));
    }

    private Uni<SignedIn> stillValid(SessionStore.Session session, DashboardUser user) {
        if (user == null) {
            return store.end(session).replaceWith((SignedIn) null);
        }
        if (user.accountSuspended()) {
            LOG.infof("Account %s is suspended: ending its dashboard sessions", user.accountId());
            return store.endForAccount(user.accountId()).replaceWith((SignedIn) null);
        }
        // Opened before the password's last change (made anywhere): billing's time differs from the one the session kept.
        // (A millisecond of slack: each side may have rounded the time to the database's microseconds differently.)
        if (user.passwordChangedAt() != null && (session.passwordChangedAt() == null
                || Duration.between(session.passwordChangedAt(), user.passwordChangedAt()).abs().toMillis() >= 1)) {
            return store.end(session).replaceWith((SignedIn) null);
        }
        return Uni.createFrom().item(new SignedIn(session, user));
    }

    /** A page for a signed-in user; anyone else is sent to sign in. Refusals become error pages. */
    public Uni<Response> page(String cookie, Function<SignedIn, Uni<Response>> content) {
        return current(cookie).chain(signedIn -> signedIn == null
                ? Uni.createFrom().item(PageResponses.redirect(LOGIN, expiredSessionCookie()))
                : content.apply(signedIn).onFailure(ApiException.class)
                        .recoverWithItem(failure -> PageResponses.errorPage(signedIn, (ApiException) failure)));
    }

    /** A form that changes something: a page whose request must also carry the session's CSRF token (else 403). */
    public Uni<Response> form(String cookie, String csrf, Function<SignedIn, Uni<Response>> action) {
        return page(cookie, signedIn -> signedIn.csrfMatches(csrf)
                ? action.apply(signedIn)
                : Uni.createFrom().item(PageResponses.forbidden(signedIn)));
    }

    /** An operator's page: anyone signed in without the role gets the same 404 as for a page that does not exist. */
    public Uni<Response> operatorPage(String cookie, Function<SignedIn, Uni<Response>> content) {
        return page(cookie, signedIn -> signedIn.user().operator()
                ? content.apply(signedIn)
                : Uni.createFrom().item(PageResponses.notFound(signedIn)));
    }

    public Uni<Response> operatorForm(String cookie, String csrf, Function<SignedIn, Uni<Response>> action) {
        return operatorPage(cookie, signedIn -> signedIn.csrfMatches(csrf)
                ? action.apply(signedIn)
                : Uni.createFrom().item(PageResponses.forbidden(signedIn)));
    }

    public Uni<SessionStore.Opened> open(DashboardUser user) {
        return store.open(user).invoke(opened -> LOG.infof("User %s signed in", user.id()));
    }

    public Uni<Void> end(SignedIn signedIn) {
        return store.end(signedIn.session()).invoke(() -> LOG.infof("User %s signed out", signedIn.user().id()));
    }

    /** Ends every session of the user but {@code keep}: after a password change, the new session goes on. */
    public Uni<Void> endAllBut(String userId, SessionStore.Session keep) {
        return store.endForUser(userId, keep);
    }

    public Uni<Void> endForAccount(String accountId) {
        return store.endForAccount(accountId);
    }

    public NewCookie sessionCookie(String value) {
        return cookie(SESSION_COOKIE, value, (int) config.sessionAbsoluteTimeout().toSeconds(), NewCookie.SameSite.LAX);
    }

    public NewCookie expiredSessionCookie() {
        return cookie(SESSION_COOKIE, "", 0, NewCookie.SameSite.LAX);
    }

    public NewCookie formCookie(String value) {
        return cookie(FORM_COOKIE, value, 3600, NewCookie.SameSite.STRICT);
    }

    private NewCookie cookie(String name, String value, int maxAge, NewCookie.SameSite sameSite) {
        return new NewCookie.Builder(name).value(value).path(PATH).maxAge(maxAge).httpOnly(true)
                .secure(config.secureCookies()).sameSite(sameSite).build();
    }
}
