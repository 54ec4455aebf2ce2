package dev.poofbg.billing.security;

import dev.poofbg.billing.config.BillingConfig;
import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.common.error.ErrorCode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Guards {@code /admin/**} with the admin token and {@code /internal/**} with the internal token.
 * Runs before routing, so an unauthenticated caller learns nothing about which routes exist.
 */
public class BearerTokenFilter {

    private static final String BEARER = "Bearer ";

    private final byte[] adminDigest;
    private final byte[] internalDigest;

    public BearerTokenFilter(BillingConfig config) {
        this.adminDigest = sha256(config.adminToken());
        this.internalDigest = sha256(config.internalToken());
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        byte[] expected;
        if (path.startsWith("/admin/") || path.equals("/admin")) {
            expected = adminDigest;
        } else if (path.startsWith("/internal/") || path.equals("/internal")) {
            expected = internalDigest;
        } else {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.startsWith(BEARER)
                && MessageDigest.isEqual(sha256(header.substring(BEARER.length()).trim()), expected)) {
            return null;
        }
        return Response.status(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(ErrorCode.UNAUTHORIZED, "Missing or invalid bearer token"))
                .build();
    }

    /** Comparing digests keeps the comparison constant-time and independent of the token's length. */
    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
