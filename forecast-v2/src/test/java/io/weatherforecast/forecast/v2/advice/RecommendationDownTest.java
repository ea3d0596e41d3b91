package io.weatherforecast.forecast.v2.advice;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Forecast v2 when nothing listens where the recommendation service should be. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class RecommendationDownTest {

    @Autowired
    RestTestClient http;

    @DynamicPropertySource
    static void recommendationUrl(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.http.serviceclient.recommendation.base-url", () -> "http://localhost:" + closedPort);
    }

    @Test
    void stillAnswersTheForecastPromptlyWithAdviceMarkedUnavailable() {
        long started = System.nanoTime();
        http.get()
            .uri("/weather?city=wuhan&days=3")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.servedBy.version")
            .isEqualTo("v2")
            .jsonPath("$.recommendations")
            .isEqualTo("unavailable")
            .jsonPath("$.days[0].advice")
            .doesNotExist()
            .jsonPath("$.downstream[0].status")
            .isEqualTo("unavailable");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void countsTheForecastRequestsItReceivesInItsMetrics() {
        http.get().uri("/weather?city=wuhan&days=1").exchange().expectStatus().isOk();

        http.get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectBody(String.class)
            .value(body -> assertThat(body)
                .containsPattern("weather_forecast_v2_requests_total\\{shadow=\"false\"\\} [1-9]")
                .contains("weather_forecast_v2_requests_total{shadow=\"true\"} 0.0"));
    }

    @Test
    void staysReadyBecauseADownstreamFailureIsNotItsOwn() {
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

}
