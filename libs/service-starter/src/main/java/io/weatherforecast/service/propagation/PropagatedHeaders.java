package io.weatherforecast.service.propagation;

import io.micrometer.context.ContextRegistry;

import org.springframework.http.HttpHeaders;

/**
 * The headers of the incoming request that must travel with every outgoing call. Held per
 * thread, and carried to worker threads by Micrometer's context propagation (registered
 * below, applied by the task executor's decorator).
 */
public final class PropagatedHeaders {

    static final String CONTEXT_KEY = "weather.propagated-headers";

    private static final ThreadLocal<HttpHeaders> CURRENT = new ThreadLocal<>();

    static {
        ContextRegistry.getInstance().registerThreadLocalAccessor(CONTEXT_KEY, CURRENT);
    }

    private PropagatedHeaders() {
    }

    public static HttpHeaders current() {
        HttpHeaders headers = CURRENT.get();
        return headers != null ? headers : HttpHeaders.EMPTY;
    }

    static void set(HttpHeaders headers) {
        CURRENT.set(HttpHeaders.readOnlyHttpHeaders(headers));
    }

    static void clear() {
        CURRENT.remove();
    }

}
