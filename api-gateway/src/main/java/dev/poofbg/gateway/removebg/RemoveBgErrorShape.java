package dev.poofbg.gateway.removebg;

import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.common.error.RemoveBgErrors;
import dev.poofbg.gateway.access.AccessControl;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every error of a {@code /v1.0} path in remove.bg's shape, whoever answered it (the access filter, the exception
 * mappers, the framework): the contract's body becomes remove.bg's, with remove.bg's status. Errors answered below the
 * REST layer are reshaped by {@code RouteAnswers}.
 */
public class RemoveBgErrorShape {

    @ServerResponseFilter
    public void reshape(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof ErrorBody body
                && AccessControl.isRemoveBgApi(request.getUriInfo().getPath())) {
            RemoveBgErrors.Refusal refusal = RemoveBgErrors.of(body);
            response.setStatus(refusal.status());
            response.setEntity(refusal.body());
        }
    }
}
