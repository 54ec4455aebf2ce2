package dev.poofbg.gateway.dashboard;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * An unknown address under /dashboard is a person's mistyped link: it gets the dashboard's own 404 page, not the API's
 * JSON error. Runs after every other route (resources, static assets), just before the platform-wide 404.
 */
@ApplicationScoped
public class DashboardNotFoundRoute {

    void install(@Observes Router router) {
        router.routeWithRegex("/dashboard(/.*)?").order(Integer.MAX_VALUE - 1).handler(ctx -> ctx.response()
                .setStatusCode(404)
                .putHeader("Content-Type", "text/html;charset=UTF-8")
                .putHeader("Cache-Control", "no-store")
                .end(Pages.error(null, 404, "Not found",
                        "There is nothing here, or it belongs to another account.").render()));
    }
}
