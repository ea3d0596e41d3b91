package io.weatherforecast.service.propagation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Captures the configured headers of each incoming request for
 * {@link HeaderPropagationInterceptor}, within their size caps: a header over its cap, or
 * one that would take the headers over their total, stays behind (logged once at INFO per
 * header name, then at DEBUG), and the request goes on without it.
 */
class HeaderCaptureFilter extends OncePerRequestFilter {

    private static final Log log = LogFactory.getLog(HeaderCaptureFilter.class);

    private final List<String> headerNames;

    private final long maxHeaderSize;

    private final long maxTotalSize;

    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    HeaderCaptureFilter(PropagationProperties properties) {
        this.headerNames = List.copyOf(properties.headers());
        this.maxHeaderSize = properties.maxHeaderSize().toBytes();
        this.maxTotalSize = properties.maxTotalSize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        PropagatedHeaders.set(capture(request));
        try {
            chain.doFilter(request, response);
        }
        finally {
            PropagatedHeaders.clear();
        }
    }

    private HttpHeaders capture(HttpServletRequest request) {
        HttpHeaders captured = new HttpHeaders();
        long total = 0;
        for (String name : this.headerNames) {
            List<String> values = Collections.list(request.getHeaders(name));
            if (values.isEmpty()) {
                continue;
            }
            long size = 0;
            for (String value : values) {
                size += name.length() + 4 + value.length();
            }
            if (size - name.length() - 4 > this.maxHeaderSize) {
                dropped(name, size, "its cap of " + this.maxHeaderSize);
            }
            else if (total + size > this.maxTotalSize) {
                dropped(name, size, "the total cap of " + this.maxTotalSize);
            }
            else {
                total += size;
                captured.put(name, new ArrayList<>(values));
            }
        }
        return captured;
    }

    private void dropped(String name, long size, String cap) {
        String message = "Not propagating header '" + name + "' (" + size + " bytes): over " + cap
                + " (weather.propagation.max-header-size, max-total-size)";
        if (this.reported.add(name)) {
            log.info(message + "; further ones are logged at DEBUG");
        }
        else if (log.isDebugEnabled()) {
            log.debug(message);
        }
    }

}
