package dev.poofbg.billing.config;

import dev.poofbg.common.logging.RequestIds;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * The id of the request a call serves (the gateway sends it in {@code X-Request-ID}; an operator's call gets a
 * new one): answered in the same header and put in the logging context of the request.
 */
@ApplicationScoped
public class RequestIdRoute {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String id = RequestIds.acceptOrCreate(ctx.request().getHeader(RequestIds.HEADER));
            MDC.put(RequestIds.MDC_KEY, id);
            ctx.response().putHeader(RequestIds.HEADER, id);
            ctx.next();
        });
    }
}
