package io.weatherforecast.recommendation;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class RecommendationApplicationTest {

    @Autowired
    RestTestClient http;

    @Test
    void answersAdviceOverHttpWithItsIdentity() {
        AdviceRequests.oneRainyDay(http, "/recommendations")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueMatches("X-Served-By", "recommendation/v1/.+")
            .expectBody()
            .jsonPath("$.advice[0].clothing.en")
            .isEqualTo("Light raincoat and an umbrella")
            .jsonPath("$.servedBy.version")
            .isEqualTo("v1");
    }

    @Test
    void isReadyAndExposesPrometheusMetricsAndItsVersion() {
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http.get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
        http.get().uri("/actuator/info").exchange().expectBody().jsonPath("$.service.version").isEqualTo("v1");
    }

    /**
     * The fault switch is off by default, and nothing a caller sends turns it on: no
     * endpoint to change the environment or refresh it, and neither a header nor a
     * parameter of the switch's name is read.
     */
    @Test
    void theFaultSwitchIsOffAndNoRequestCanTurnItOn() {
        http.post().uri("/actuator/env").exchange().expectStatus().isNotFound();
        http.post().uri("/actuator/refresh").exchange().expectStatus().isNotFound();
        for (int i = 0; i < 20; i++) {
            AdviceRequests.oneRainyDay(http, "/recommendations?weather.faults.failure-percent=100")
                .header("x-weather-fault", "failure")
                .header("weather.faults.failure-percent", "100")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist("x-weather-fault");
        }
    }

}
