package io.weatherforecast.forecast.v2.mirror;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ForecastRequestCounterTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final ForecastRequestCounter counter = new ForecastRequestCounter(registry);

    @Test
    void countsForecastRequestsByWhetherTheHostNamesAShadowCopy() throws Exception {
        send("/weather", "forecast:3002");
        send("/weather", "forecast");
        send("/weather", "forecast-shadow:3002");
        send("/cities", "forecast-shadow:3002");
        send("/actuator/prometheus", "forecast:3002");

        assertThat(count("false")).isEqualTo(2);
        assertThat(count("true")).isEqualTo(1);
    }

    @Test
    void recognisesTheShadowSuffixOnTheHostNameOnly() {
        assertThat(ForecastRequestCounter.isShadow("forecast-shadow")).isTrue();
        assertThat(ForecastRequestCounter.isShadow("forecast.weather.svc.cluster.local-shadow:3002")).isTrue();
        assertThat(ForecastRequestCounter.isShadow("forecast:3002")).isFalse();
        assertThat(ForecastRequestCounter.isShadow("[::1]:3002")).isFalse();
        assertThat(ForecastRequestCounter.isShadow(null)).isFalse();
    }

    private void send(String path, String host) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.addHeader("Host", host);
        counter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
    }

    private double count(String shadow) {
        return registry.get(ForecastRequestCounter.NAME).tag("shadow", shadow).counter().count();
    }

}
