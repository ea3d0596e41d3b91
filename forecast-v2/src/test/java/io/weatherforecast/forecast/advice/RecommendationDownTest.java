package io.weatherforecast.forecast.advice;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Forecast v2 when nothing listens where the recommendation service should be. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecommendationDownTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void recommendationUrl(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.http.serviceclient.recommendation.base-url", () -> "http://localhost:" + closedPort);
    }

    @Test
    void stillAnswersTheForecastPromptlyWithAdviceMarkedUnavailable() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/weather?city=wuhan&days=3")).build(),
                    HttpResponse.BodyHandlers.ofString());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"recommendations\":\"unavailable\"", "\"version\":\"v2\"")
            .doesNotContain("\"advice\"");
    }

    @Test
    void staysReadyBecauseADownstreamFailureIsNotItsOwn() throws Exception {
        HttpResponse<String> readiness = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.body()).contains("\"UP\"");
    }
}
