package io.weatherforecast.e2e;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stops the recommendation service of the shared cluster, so it runs after every other
 * class that uses it.
 */
@Order(3)
@ExtendWith(SharedWeatherCluster.class)
class RecommendationOutageIT {

    @Test
    void withRecommendationDownForecastV2StillAnswersTheWeatherWithAdviceMarkedUnavailable(WeatherCluster cluster) {
        Api api = new Api(cluster.frontend());
        cluster.service("recommendation").close();

        JsonNode v2Page = null;
        for (int attempt = 0; attempt < 10 && v2Page == null; attempt++) {
            Api.Response response = api.get("/api/weather?city=harbin&days=3");
            assertThat(response.status()).isEqualTo(200);
            JsonNode page = response.json();
            assertThat(page.at("/forecast/days")).hasSize(3);
            if ("v2".equals(page.at("/forecast/servedBy/version").asString())) {
                v2Page = page;
            }
        }

        assertThat(v2Page).as("a page served by forecast v2").isNotNull();
        assertThat(v2Page.at("/forecast/recommendations").asString()).isEqualTo("unavailable");
        v2Page.at("/forecast/days").forEach(day -> assertThat(day.has("advice")).isFalse());
        assertThat(CanaryReleaseIT.route(v2Page.at("/route/0")))
            .isEqualTo("frontend v1 → forecast v2 → recommendation unavailable");
    }

}
