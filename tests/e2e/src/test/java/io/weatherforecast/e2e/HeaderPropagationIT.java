package io.weatherforecast.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request into the real frontend reaches the real forecast v2 and, through it, the
 * recommendation service with every tracing and routing header Istio needs.
 * Recommendation and advertisement are stubs here, so that the test can see what they
 * receive.
 */
@Order(4)
class HeaderPropagationIT {

    static final Map<String, String> MESH_HEADERS = new LinkedHashMap<>();

    static {
        MESH_HEADERS.put("x-request-id", "9f1c6a52-7d0e-4b9a-9a51-1f2d3c4b5a69");
        MESH_HEADERS.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        MESH_HEADERS.put("tracestate", "congo=t61rcWkgMzE");
        MESH_HEADERS.put("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1");
        MESH_HEADERS.put("x-b3-traceid", "80f198ee56343ba864fe8b2a57d3eff7");
        MESH_HEADERS.put("x-b3-spanid", "e457b5a2e4d86bd1");
        MESH_HEADERS.put("x-b3-parentspanid", "05e3ac9a4f6e3b90");
        MESH_HEADERS.put("x-b3-sampled", "1");
        MESH_HEADERS.put("x-b3-flags", "1");
        MESH_HEADERS.put("x-ot-span-context", "80f198ee56343ba8;e457b5a2e4d86bd1;05e3ac9a4f6e3b90");
        MESH_HEADERS.put("baggage", "canary=true");
        MESH_HEADERS.put("user-agent", "weather-e2e/1.0");
        MESH_HEADERS.put("cookie", "session=abc");
        MESH_HEADERS.put("end-user", "jason");
    }

    static final MockWebServer recommendation = new MockWebServer();

    static final MockWebServer advertisement = new MockWebServer();

    static ServiceProcess forecastV2;

    static ServiceProcess frontend;

    @BeforeAll
    static void start() throws IOException {
        recommendation.setDispatcher(answer("""
                {"advice":[%1$s,%1$s],"servedBy":{"service":"recommendation","version":"v1","instance":"stub"}}"""
            .formatted("{\"clothing\":{\"en\":\"Coat\",\"zh\":\"大衣\"},\"sport\":{\"en\":\"Run\",\"zh\":\"跑步\"}}")));
        advertisement.setDispatcher(
                answer("""
                        {"ad":{"id":"coffee","title":{"en":"Coffee","zh":"咖啡"},"text":{"en":"Hot","zh":"热"},"link":"https://example.com/c"},
                         "servedBy":{"service":"advertisement","version":"v1","instance":"stub"}}"""));
        recommendation.start();
        advertisement.start();
        forecastV2 = ServiceProcess.start("forecast-v2-propagation", "forecast-v2",
                List.of("--spring.http.serviceclient.recommendation.base-url=" + recommendation.url("/")));
        frontend = ServiceProcess.start("frontend-propagation", "frontend",
                List.of("--spring.profiles.active=local", "--weather.local.split=100",
                        "--weather.local.forecast-v1=http://localhost:9",
                        "--weather.local.forecast-v2=" + forecastV2.baseUrl(),
                        "--spring.http.serviceclient.advertisement.base-url=" + advertisement.url("/")));
        forecastV2.awaitReady(Duration.ofSeconds(120));
        frontend.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (frontend != null) {
            frontend.close();
        }
        if (forecastV2 != null) {
            forecastV2.close();
        }
        recommendation.close();
        advertisement.close();
    }

    @Test
    void aRequestIntoTheFrontendCarriesItsHeadersThroughForecastToRecommendationAndToAdvertisement()
            throws InterruptedException {
        Api.Response page = new Api(frontend).get("/api/weather?city=paris&days=2", MESH_HEADERS);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().at("/forecast/recommendations").asString()).isEqualTo("available");
        assertCarriesMeshHeaders(recommendation.takeRequest(5, TimeUnit.SECONDS));
        assertCarriesMeshHeaders(advertisement.takeRequest(5, TimeUnit.SECONDS));
    }

    private static void assertCarriesMeshHeaders(RecordedRequest received) {
        assertThat(received).isNotNull();
        MESH_HEADERS.forEach((name, value) -> assertThat(received.getHeaders().get(name)).as(name).isEqualTo(value));
    }

    private static Dispatcher answer(String json) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(json).build();
            }
        };
    }

}
