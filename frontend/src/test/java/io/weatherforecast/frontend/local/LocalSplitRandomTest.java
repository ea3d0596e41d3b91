package io.weatherforecast.frontend.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

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
 * The local profile at the canary step (50/50): each call picks a version at random by
 * weight, as Istio does, not in strict turns.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "weather.local.split=50")
@ActiveProfiles("local")
class LocalSplitRandomTest {

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
    void aCanarySplitPicksAtRandomByWeight() throws Exception {
        List<String> versions = new ArrayList<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 0; i < 60; i++) {
                HttpResponse<String> probe = http
                    .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/probe?city=paris"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                versions.add(probe.body().contains("\"version\":\"v2\"") ? "v2" : "v1");
            }
        }
        long toV2 = versions.stream().filter("v2"::equals).count();
        assertThat(toV2).isBetween(15L, 45L);
        boolean strictTurns = true;
        for (int i = 1; i < versions.size(); i++) {
            strictTurns &= !versions.get(i).equals(versions.get(i - 1));
        }
        // with a random pick, 60 calls in strict turns have a probability of 2^-59
        assertThat(strictTurns).as("calls in strict turns: " + versions).isFalse();
    }

}
