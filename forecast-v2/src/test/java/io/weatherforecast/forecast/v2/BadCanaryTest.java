package io.weatherforecast.forecast.v2;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forecast v2 configured as the bad canary of docs/rollouts.md: the same build with the
 * starter's fault switch on, as the Rollout's pod template sets it
 * ({@code WEATHER_FAULTS_FAILURE_PERCENT}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "weather.faults.failure-percent=100",
                "spring.http.serviceclient.recommendation.base-url=http://127.0.0.1:9" })
@AutoConfigureRestTestClient
class BadCanaryTest {

    @Autowired
    RestTestClient http;

    @Test
    void answersTheForecastWith503MarkedAsAFault() {
        http.get()
            .uri("/weather?city=wuhan&days=1")
            .exchange()
            .expectStatus()
            .isEqualTo(503)
            .expectHeader()
            .valueEquals("x-weather-fault", "failure")
            .expectHeader()
            .contentTypeCompatibleWith("application/problem+json");
    }

    @Test
    void staysReadyAndScrapedSoThatTheAnalysisSeesItsFailures() {
        http.get().uri("/weather?city=wuhan&days=1").exchange().expectStatus().isEqualTo(503);

        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        http.get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .value(body -> assertThat(body)
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"503\"[^}]*\\} [1-9]")
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*status=\"503\"[^}]*le=\"0\\.5\"\\}"));
    }

}
