package io.weatherforecast.frontend.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.weatherforecast.frontend.StubForecast;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local profile at the tutorial's first step: everything to v1, although v2 is
 * running.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "weather.local.split=0")
@ActiveProfiles("local")
class LocalSplitRoutingTest {

    static final MockWebServer forecastV1 = new MockWebServer();

    static final MockWebServer forecastV2 = new MockWebServer();

    @LocalServerPort
    int port;

    @BeforeAll
    static void startStubs() throws IOException {
        forecastV1.setDispatcher(StubForecast.alwaysForecast("v1"));
        forecastV2.setDispatcher(StubForecast.alwaysForecast("v2"));
        forecastV1.start();
        forecastV2.start();
    }

    @AfterAll
    static void stopStubs() {
        forecastV1.close();
        forecastV2.close();
    }

    @DynamicPropertySource
    static void stubUrls(DynamicPropertyRegistry registry) {
        registry.add("weather.local.forecast-v1", () -> "http://localhost:" + forecastV1.getPort());
        registry.add("weather.local.forecast-v2", () -> "http://localhost:" + forecastV2.getPort());
    }

    @Test
    void aZeroSplitNeverCallsVersion2() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> probe = http
                    .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/probe?city=paris"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(probe.body()).contains("\"version\":\"v1\"");
            }
        }
        assertThat(forecastV1.getRequestCount()).isEqualTo(20);
        assertThat(forecastV2.getRequestCount()).isZero();
    }

}
