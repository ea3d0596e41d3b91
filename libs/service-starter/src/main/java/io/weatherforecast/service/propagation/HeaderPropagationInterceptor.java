package io.weatherforecast.service.propagation;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Adds the captured headers of the incoming request to an outgoing call, unless the call
 * sets them itself.
 */
class HeaderPropagationInterceptor implements ClientHttpRequestInterceptor {

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        PropagatedHeaders.current().forEach((name, values) -> {
            if (!request.getHeaders().containsHeader(name)) {
                request.getHeaders().put(name, values);
            }
        });
        return execution.execute(request, body);
    }

}
