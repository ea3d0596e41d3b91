package io.weatherforecast.forecast.v2.mirror;

import java.io.IOException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts the forecast requests forecast v2 receives, for the mirroring scenario
 * (docs/scenarios/mirroring.md): {@code weather_forecast_v2_requests_total}, tagged
 * {@code shadow}.
 * <p>
 * What can be recognised, honestly: a proxy that mirrors a request may append
 * {@code -shadow} to its {@code Host} (Envoy's default); such a copy counts as
 * {@code shadow="true"}. Istio 1.30 tells Envoy not to ({@code
 * disable_shadow_host_suffix_append}) and cannot add a header to the copies only, so
 * there a copy looks exactly like the original and counts as {@code shadow="false"}. What
 * to compare then: while the mirroring rule routes every request to v1, v2 receives
 * nothing but copies, so the increase of this counter is the number of mirrored requests;
 * it should follow v1's {@code http_server_requests_seconds_count{uri="/weather"}} at a
 * mirror percentage of 100.
 */
@Component
class ForecastRequestCounter extends OncePerRequestFilter {

    static final String NAME = "weather.forecast.v2.requests";

    static final String SHADOW_SUFFIX = "-shadow";

    private final Counter shadow;

    private final Counter plain;

    ForecastRequestCounter(MeterRegistry registry) {
        this.shadow = counter(registry, "true");
        this.plain = counter(registry, "false");
    }

    private static Counter counter(MeterRegistry registry, String shadow) {
        return Counter.builder(NAME)
            .description("Forecast requests received; shadow=true: the Host names a mirrored copy (-shadow)")
            .tag("shadow", shadow)
            .register(registry);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"/weather".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        (isShadow(request.getHeader(HttpHeaders.HOST)) ? shadow : plain).increment();
        chain.doFilter(request, response);
    }

    /**
     * {@code forecast-shadow:3002} or {@code forecast-shadow}: a copy made by a mirror.
     */
    static boolean isShadow(String host) {
        if (host == null) {
            return false;
        }
        String name = host.startsWith("[") || host.indexOf(':') < 0 ? host : host.substring(0, host.lastIndexOf(':'));
        return name.endsWith(SHADOW_SUFFIX);
    }

}
