package dev.poofbg.gateway.dashboard;

import dev.poofbg.common.billing.DashboardUser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A request's live session and its user as billing knows them now (role and suspension are never cached). */
public record SignedIn(SessionStore.Session session, DashboardUser user) {

    public String accountId() {
        return user.accountId();
    }

    /** Whether a form's token is this session's, compared in constant time. */
    public boolean csrfMatches(String token) {
        return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }
}
