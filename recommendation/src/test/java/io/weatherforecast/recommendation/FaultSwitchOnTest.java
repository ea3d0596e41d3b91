package io.weatherforecast.recommendation;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
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
        AdviceRequests.oneRainyDay(http, "/recommendations")
            .exchange()
            .expectStatus()
            .isEqualTo(503)
            .expectHeader()
            .valueEquals("x-weather-fault", "failure");
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

}
