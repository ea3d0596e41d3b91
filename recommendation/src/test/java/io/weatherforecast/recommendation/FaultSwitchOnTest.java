package io.weatherforecast.recommendation;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The whole service with its fault switch set by configuration. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "weather.faults.failure-percent=100")
@AutoConfigureRestTestClient
class FaultSwitchOnTest {

    @Autowired
    RestTestClient http;

    @Test
    void failsRecommendationsButStaysReady() {
        http.post()
            .uri("/recommendations")
            .contentType(MediaType.APPLICATION_JSON)
            .body("""
                    {"days":[{"condition":"rain","minTemperature":12,"maxTemperature":17}]}""")
            .exchange()
            .expectStatus()
            .isEqualTo(503)
            .expectHeader()
            .valueEquals("x-weather-fault", "failure");
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

}
