package io.weatherforecast.forecast.v1;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Runs with the pod's downward-API variables a Deployment sets, given here as properties.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "POD_NAME=forecast-v1-7d9c-abcde", "POD_NAMESPACE=weather", "NODE_NAME=kind-worker" })
@AutoConfigureRestTestClient
class ForecastV1ApplicationTest {

    @Autowired
    RestTestClient http;

    @Test
    void answersTheWeatherAsVersion1WithoutAdvice() {
        http.get()
            .uri("/weather?city=singapore&days=2")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals("X-Served-By", "forecast/v1/forecast-v1-7d9c-abcde")
            .expectBody()
            .jsonPath("$.servedBy.version")
            .isEqualTo("v1")
            .jsonPath("$.days.length()")
            .isEqualTo(2)
            .jsonPath("$.days[0].advice")
            .doesNotExist();
    }

    @Test
    void isReadyAndShowsItsVersionBuildAndPod() {
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        http.get()
            .uri("/actuator/info")
            .exchange()
            .expectBody()
            .jsonPath("$.service.version")
            .isEqualTo("v1")
            .jsonPath("$.build.artifact")
            .isEqualTo("forecast-v1")
            .jsonPath("$.pod.name")
            .isEqualTo("forecast-v1-7d9c-abcde")
            .jsonPath("$.pod.namespace")
            .isEqualTo("weather")
            .jsonPath("$.pod.node")
            .isEqualTo("kind-worker");
    }

}
