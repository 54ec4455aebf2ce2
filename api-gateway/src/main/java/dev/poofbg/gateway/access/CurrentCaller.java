package dev.poofbg.gateway.access;

import dev.poofbg.common.billing.KeyIdentity;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current /v1 request, set by {@link AccessFilters} before any resource runs. */
@RequestScoped
public class CurrentCaller {

    private KeyIdentity identity;

    /** The caller's identity; fails closed with 401 if the request was never authenticated. */
    public KeyIdentity identity() {
        if (identity == null) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "Missing API key");
        }
        return identity;
    }

    public String accountId() {
        return identity().accountId();
    }

    void authenticate(KeyIdentity identity) {
        this.identity = identity;
    }
}
