package dev.poofbg.gateway.billing;

import dev.poofbg.common.logging.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;
import org.jboss.logging.MDC;

/** Every call to billing carries the id of the request it serves, so billing's log lines about it carry it too. */
@ApplicationScoped
public class RequestIdHeader implements ClientHeadersFactory {

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                 MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null) {
            headers.putSingle(RequestIds.HEADER, requestId.toString());
        }
        return headers;
    }
}
