package dev.poofbg.gateway.config;

import dev.poofbg.common.logging.RequestIds;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * Gives every request its id before anything else runs: the client's {@code X-Request-ID} when sane, else a new
 * one; answered in the same header and put in the logging context of the request (MDC lives in the request's
 * Vert.x context, so every later line about it, on any thread it moves to, carries it).
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
