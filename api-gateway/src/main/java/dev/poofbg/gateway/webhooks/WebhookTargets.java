package dev.poofbg.gateway.webhooks;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.net.GuardedHttp;
import dev.poofbg.common.net.UrlRules;
import jakarta.inject.Singleton;
import okhttp3.HttpUrl;

import java.util.Optional;

/**
 * Whether a URL may receive webhooks: the rules of {@code image_url} ({@link UrlRules}, then every address its host
 * resolves to under the same {@code AddressPolicy}), and https unless loopback is allowed. Checked when an endpoint
 * is registered or a request names one, and again before every delivery (the DNS may have changed).
 */
@Singleton
public class WebhookTargets {

    static final int MAX_URL_LENGTH = 2048;

    private final WebhookNetwork network;
    private final UrlRules rules = new UrlRules(MAX_URL_LENGTH);
    private final boolean allowHttp;

    public WebhookTargets(WebhookNetwork network, WebhooksConfig config) {
        this.network = network;
        this.allowHttp = config.allowLoopback();
    }

    /** The URL's form only, without a lookup: {@code INVALID_REQUEST} naming {@code field} when it is refused. */
    public HttpUrl checkForm(String field, String url) {
        HttpUrl parsed;
        try {
            parsed = rules.check(url);
        } catch (UrlRules.UrlRefusedException e) {
            throw invalid(field + " " + e.getMessage());
        }
        if (!allowHttp && !parsed.isHttps()) {
            throw invalid(field + " must be an https URL");
        }
        return parsed;
    }

    /** Form and addresses. Blocking: it may ask the DNS. */
    public String check(String field, String url) {
        HttpUrl parsed = checkForm(field, url);
        Optional<String> refusal = refusal(parsed);
        if (refusal.isPresent()) {
            throw invalid(field + " " + refusal.get());
        }
        return url;
    }

    /** Why a delivery to {@code url} may not be sent now, if it may not. Blocking: it may ask the DNS. */
    Optional<String> refusal(HttpUrl url) {
        return GuardedHttp.refuseHost(network.policy(), network.resolver(), url);
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_REQUEST, message);
    }
}
