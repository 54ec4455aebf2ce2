package dev.poofbg.gateway.dashboard;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;

/**
 * An unknown address under /dashboard is a person's mistyped link: it gets the dashboard's own 404 page, not the API's
 * JSON error, whether the REST layer refuses it (a path under a dashboard resource, through the gateway's
 * ErrorMappers) or no route takes it at all (the route below, just before the platform-wide 404).
 */
@ApplicationScoped
public class DashboardErrorPages {

    static final String MESSAGE = "There is nothing here, or it belongs to another account.";

    public static boolean isDashboard(String path) {
        return path != null && (path.equals("/dashboard") || path.startsWith("/dashboard/"));
    }

    public static Response notFound() {
        return PageResponses.render(Pages.error(null, 404, "Not found", MESSAGE), 404);
    }

    void install(@Observes Router router) {
        router.routeWithRegex("/dashboard(/.*)?").order(Integer.MAX_VALUE - 1).handler(ctx -> ctx.response()
                .setStatusCode(404)
                .putHeader("Content-Type", "text/html;charset=UTF-8")
                .putHeader("Cache-Control", "no-store")
                .end(Pages.error(null, 404, "Not found", MESSAGE).render()));
    }
}
