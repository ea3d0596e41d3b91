package io.weatherforecast.service.propagation;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Captures the configured headers of each incoming request for
 * {@link HeaderPropagationInterceptor}.
 */
class HeaderCaptureFilter extends OncePerRequestFilter {

    private final List<String> headerNames;

    HeaderCaptureFilter(PropagationProperties properties) {
        this.headerNames = List.copyOf(properties.headers());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpHeaders captured = new HttpHeaders();
        for (String name : headerNames) {
            List<String> values = Collections.list(request.getHeaders(name));
            if (!values.isEmpty()) {
                captured.put(name, values);
            }
        }
        PropagatedHeaders.set(captured);
        try {
            chain.doFilter(request, response);
        }
        finally {
            PropagatedHeaders.clear();
        }
    }

}
