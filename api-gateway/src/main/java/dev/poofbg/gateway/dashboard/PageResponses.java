package dev.poofbg.gateway.dashboard;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** The dashboard's answers: a rendered page with its status, a redirect, an error page. */
final class PageResponses {

    private PageResponses() {
    }

    static Response render(TemplateInstance page, int status) {
        // Pages show balances, keys and forms with tokens: never kept by a browser or a proxy.
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page)
                .header("Cache-Control", "no-store").build();
    }

    /**
     * A 303 to a path of ours, kept relative: behind a TLS-terminating ingress an absolute URL built from the request
     * would name http. Signed links to results (absolute, another host) are passed as they are.
     */
    static Response redirect(URI to, NewCookie... cookies) {
        return Response.status(Response.Status.SEE_OTHER).header("Location", to.toString()).cookie(cookies).build();
    }

    static Response errorPage(SignedIn signedIn, ApiException failure) {
        int status = failure.code().httpStatus();
        Views.Chrome chrome = signedIn == null ? null : Views.Chrome.of(signedIn, "");
        if (status == 404) {
            return render(Pages.error(chrome, 404, "Not found", DashboardErrorPages.MESSAGE), 404);
        }
        if (status == 503) {
            return render(Pages.error(chrome, 503, "Temporarily unavailable", failure.getMessage()), 503);
        }
        return render(Pages.error(chrome, status, "Something went wrong", failure.getMessage()), status);
    }

    static Response notFound(SignedIn signedIn) {
        return errorPage(signedIn, new ApiException(ErrorCode.NOT_FOUND, "Not found"));
    }

    static Response forbidden(SignedIn signedIn) {
        return render(Pages.error(signedIn == null ? null : Views.Chrome.of(signedIn, ""), 403, "Form expired",
                "This form is missing its security token or has expired. Go back, reload the page and try again."), 403);
    }
}
