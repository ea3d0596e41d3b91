package io.weatherforecast.advertisement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class AdvertisementApplicationTest {

    @Autowired
    RestTestClient http;

    @ParameterizedTest
    @ValueSource(strings = { "beijing", "singapore", "reykjavik", "sydney", "dubai" })
    void everyCityGetsAnAdFromTheShippedCatalogue(String city) {
        http.get()
            .uri("/ad?city={city}", city)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.ad.link")
            .value(String.class, link -> assertThat(link).startsWith("https://example.com/"))
            .jsonPath("$.servedBy.service")
            .isEqualTo("advertisement");
    }

    @Test
    void isReadyAndExposesPrometheusMetrics() {
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

}
