package io.weatherforecast.frontend;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The frontend with stub forecast and advertisement services on real ports. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FrontendApplicationTest {

    static final MockWebServer forecast = new MockWebServer();

    static final MockWebServer advertisement = new MockWebServer();

    static final String RECOMMENDATION_HOP = """
            {"service":"recommendation","version":"v1","instance":"recommendation-v1-stub","status":"ok"}""";

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startStubs() throws IOException {
        forecast.start();
        advertisement.start();
    }

    @AfterAll
    static void stopStubs() {
        forecast.close();
        advertisement.close();
    }

    @DynamicPropertySource
    static void stubUrls(DynamicPropertyRegistry registry) {
        registry.add("spring.http.serviceclient.forecast.base-url", () -> forecast.url("/").toString());
        registry.add("spring.http.serviceclient.advertisement.base-url", () -> advertisement.url("/").toString());
    }

    @BeforeEach
    void forgetEarlierRequests() throws InterruptedException {
        while (forecast.takeRequest(10, TimeUnit.MILLISECONDS) != null
                || advertisement.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // drain
        }
    }

    @Test
    void putsForecastAdAndTheWholeRouteOnOnePage() throws Exception {
        forecast.enqueue(StubForecast.forecast("v2", RECOMMENDATION_HOP));
        advertisement.enqueue(StubForecast.ad());

        JsonNode page = getJson("/api/weather?city=paris&days=1");

        assertThat(page.at("/forecast/days/0/condition").asString()).isEqualTo("rain");
        assertThat(page.at("/ad/id").asString()).isEqualTo("umbrella");
        assertThat(hops(page.at("/route/0"))).isEqualTo("frontend v1 → forecast v2 → recommendation v1");
        assertThat(hops(page.at("/route/1"))).isEqualTo("frontend v1 → advertisement v1");
        assertThat(forecast.takeRequest(1, TimeUnit.SECONDS).getTarget()).isEqualTo("/weather?city=paris&days=1");
        assertThat(advertisement.takeRequest(1, TimeUnit.SECONDS).getTarget()).isEqualTo("/ad?city=paris");
    }

    @Test
    void stillShowsTheWeatherWhenTheAdServiceFails() throws Exception {
        forecast.enqueue(StubForecast.forecast("v1", ""));
        advertisement.enqueue(new MockResponse.Builder().code(500).build());

        JsonNode page = getJson("/api/weather?city=paris&days=1");

        assertThat(page.at("/forecast/servedBy/version").asString()).isEqualTo("v1");
        assertThat(page.get("ad").isNull()).isTrue();
        assertThat(page.at("/route/1/1/status").asString()).isEqualTo("error");
        assertThat(page.at("/route/1/1/httpStatus").asInt()).isEqualTo(500);
        assertThat(page.at("/route/1/1/millis").isIntegralNumber()).isTrue();
        assertThat(page.at("/route/0/1/status").asString()).isEqualTo("ok");
        assertThat(page.at("/route/0/1/millis").asLong()).isNotNegative();
    }

    @Test
    void stillShowsTheAdWhenTheForecastServiceFails() throws Exception {
        forecast.enqueue(new MockResponse.Builder().code(503).build());
        advertisement.enqueue(StubForecast.ad());

        HttpResponse<String> response = get("/api/weather?city=paris&days=1");
        JsonNode page = json.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(page.get("forecast").isNull()).isTrue();
        assertThat(page.at("/ad/id").asString()).isEqualTo("umbrella");
        assertThat(page.at("/route/0/1/service").asString()).isEqualTo("forecast");
        // as the page shows a fault-injection abort (Envoy answers 503 itself)
        assertThat(page.at("/route/0/1/status").asString()).isEqualTo("error");
        assertThat(page.at("/route/0/1/httpStatus").asInt()).isEqualTo(503);
    }

    @Test
    void answersInTimeWhenTheAdServiceHangs() throws Exception {
        forecast.enqueue(StubForecast.forecast("v1", ""));
        advertisement.enqueue(new MockResponse.Builder().headersDelay(10, TimeUnit.SECONDS).build());

        long started = System.nanoTime();
        JsonNode page = getJson("/api/weather?city=paris&days=1");

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2500);
        assertThat(page.at("/forecast/servedBy/version").asString()).isEqualTo("v1");
        assertThat(page.get("ad").isNull()).isTrue();
        assertThat(page.at("/route/1/1/status").asString()).isEqualTo("timeout");
        // the advertisement client's read timeout is 1 s
        assertThat(page.at("/route/1/1/millis").asLong()).isBetween(900L, 2500L);
    }

    @Test
    void forwardsTheIncomingTracingAndRoutingHeadersToBothServices() throws Exception {
        forecast.enqueue(StubForecast.forecast("v1", ""));
        advertisement.enqueue(StubForecast.ad());

        http.send(HttpRequest.newBuilder(uri("/api/weather?city=paris&days=1"))
            .header("x-request-id", "req-7")
            .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .header("x-b3-sampled", "1")
            .header("end-user", "jason")
            .header("cookie", "user=jason")
            .build(), HttpResponse.BodyHandlers.ofString());

        for (RecordedRequest received : new RecordedRequest[] { forecast.takeRequest(1, TimeUnit.SECONDS),
                advertisement.takeRequest(1, TimeUnit.SECONDS) }) {
            assertThat(received.getHeaders().get("x-request-id")).isEqualTo("req-7");
            assertThat(received.getHeaders().get("traceparent"))
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            assertThat(received.getHeaders().get("x-b3-sampled")).isEqualTo("1");
            assertThat(received.getHeaders().get("end-user")).isEqualTo("jason");
            assertThat(received.getHeaders().get("cookie")).isEqualTo("user=jason");
        }
    }

    /**
     * The canary meter's probes carry the cookie user=NAME (or a user agent): /api/probe
     * passes them on to forecast, where the mesh's rules for forecast match them.
     */
    @Test
    void aProbeForwardsTheUserCookieAndTheUserAgentToForecast() throws Exception {
        forecast.enqueue(StubForecast.forecast("v2", ""));

        HttpResponse<String> probe = http.send(HttpRequest.newBuilder(uri("/api/probe?city=paris"))
            .header("cookie", "theme=dark; user=tester")
            .header("user-agent", "Mozilla/5.0 (Linux; Android 14) Chrome/140")
            .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(probe.statusCode()).isEqualTo(200);
        RecordedRequest received = forecast.takeRequest(1, TimeUnit.SECONDS);
        assertThat(received.getHeaders().get("cookie")).isEqualTo("theme=dark; user=tester");
        assertThat(received.getHeaders().get("user-agent")).isEqualTo("Mozilla/5.0 (Linux; Android 14) Chrome/140");
    }

    @Test
    void servesThePage() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html", "app.js");
        assertThat(get("/app.js").statusCode()).isEqualTo(200);
    }

    @Test
    void hasNoLookOfItsOwnOnTopOfTheStyles() throws Exception {
        HttpResponse<String> look = get("/look.css");
        assertThat(look.statusCode()).isEqualTo(200);
        // only the comment: frontend v2 replaces this file with its look
        assertThat(look.body().replaceAll("(?s)/\\*.*?\\*/", "")).isBlank();
    }

    @Test
    void isReadyAndExposesPrometheusMetrics() throws Exception {
        assertThat(get("/actuator/health/readiness").body()).contains("\"UP\"");
        assertThat(get("/actuator/prometheus").body()).contains("jvm_threads_live_threads");
    }

    private static String hops(JsonNode path) {
        StringBuilder route = new StringBuilder();
        path.forEach(hop -> route.append(route.isEmpty() ? "" : " → ")
            .append(hop.get("service").asString())
            .append(' ')
            .append(hop.get("version").asString()));
        return route.toString();
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

}
