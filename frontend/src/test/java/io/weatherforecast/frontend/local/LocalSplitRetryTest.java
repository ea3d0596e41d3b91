package io.weatherforecast.frontend.local;

import java.io.IOException;
import java.net.ServerSocket;
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
 * The local profile at the canary step (50/50) with forecast v2 down: like the mesh, a
 * refused connection is retried on the other version, so no page fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "weather.local.split=50")
@ActiveProfiles("local")
class LocalSplitRetryTest {

    static final MockWebServer forecastV1 = new MockWebServer();

    @LocalServerPort
    int port;

    @BeforeAll
    static void startStub() throws IOException {
        forecastV1.setDispatcher(StubForecast.alwaysForecast("v1"));
        forecastV1.start();
    }

    @AfterAll
    static void stopStub() {
        forecastV1.close();
    }

    @DynamicPropertySource
    static void stubUrls(DynamicPropertyRegistry registry) throws IOException {
        registry.add("weather.local.forecast-v1", () -> "http://localhost:" + forecastV1.getPort());
        registry.add("weather.local.forecast-v2", () -> "http://localhost:" + closedPort());
    }

    @Test
    void aRefusedConnectionToVersion2IsRetriedOnVersion1() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> probe = http
                    .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/probe?city=paris"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                statuses.add(probe.statusCode());
                assertThat(probe.body()).contains("\"version\":\"v1\"");
            }
        }
        assertThat(statuses).containsOnly(200);
        assertThat(forecastV1.getRequestCount()).isEqualTo(20);
    }

    /** A port nobody listens on: connecting to it is refused. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
