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

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.weatherforecast.frontend.StubForecast;

/**
 * The frontend in its local profile with two stub forecast versions; each test class sets
 * the split (weather.local.split) and counts where the canary meter's probes land.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
abstract class LocalSplitTestSupport {

    static MockWebServer forecastV1;

    static MockWebServer forecastV2;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startStubs() throws IOException {
        forecastV1 = new MockWebServer();
        forecastV2 = new MockWebServer();
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

    /**
     * The version that answered each of {@code count} probes, in order ("HTTP 503" for a
     * probe that failed).
     */
    List<String> probeVersions(int count) throws IOException, InterruptedException {
        List<String> versions = new ArrayList<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 0; i < count; i++) {
                HttpResponse<String> probe = http
                    .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/probe?city=paris"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                versions.add(probe.statusCode() != 200 ? "HTTP " + probe.statusCode()
                        : probe.body().contains("\"version\":\"v2\"") ? "v2" : "v1");
            }
        }
        return versions;
    }

}
