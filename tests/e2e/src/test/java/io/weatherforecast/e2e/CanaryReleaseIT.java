package io.weatherforecast.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services on real ports, forecast split 50/50 between v1 and v2 as in the tutorial's
 * canary step.
 */
@Order(1)
@ExtendWith(SharedWeatherCluster.class)
class CanaryReleaseIT {

    static final int PROBES = 400;

    static final int CONCURRENCY = 8;

    static Api api;

    @BeforeAll
    static void connect(WeatherCluster cluster) {
        api = new Api(cluster.frontend());
    }

    @ParameterizedTest
    @ValueSource(strings = { "beijing", "singapore", "reykjavik", "sao-paulo" })
    void thePageApiAnswersForecastAdAndRouteForACity(String city) {
        Api.Response response = api.get("/api/weather?city=" + city + "&days=5");

        assertThat(response.status()).isEqualTo(200);
        JsonNode page = response.json();
        assertThat(page.at("/city/id").asString()).isEqualTo(city);
        assertThat(page.at("/forecast/days")).hasSize(5);
        assertThat(page.at("/forecast/current/condition").asString()).isNotBlank();
        assertThat(page.at("/ad/title/zh").asString()).isNotBlank();
        assertThat(route(page.at("/route/0"))).startsWith("frontend v1 → forecast v");
        assertThat(route(page.at("/route/1"))).isEqualTo("frontend v1 → advertisement v1");
    }

    @Test
    void forecastV2AnswersCarryAdviceAndTheirRouteGoesThroughRecommendation() {
        JsonNode v2 = firstPageServedBy("v2");
        assertThat(route(v2.at("/route/0"))).isEqualTo("frontend v1 → forecast v2 → recommendation v1");
        assertThat(v2.at("/forecast/recommendations").asString()).isEqualTo("available");
        v2.at("/forecast/days").forEach(day -> assertThat(day.at("/advice/clothing/en").asString()).isNotBlank());

        JsonNode v1 = firstPageServedBy("v1");
        assertThat(route(v1.at("/route/0"))).isEqualTo("frontend v1 → forecast v1");
        assertThat(v1.at("/forecast").has("recommendations")).isFalse();
        v1.at("/forecast/days").forEach(day -> assertThat(day.has("advice")).isFalse());
    }

    @Test
    void bothVersionsTellTheSameWeather() {
        JsonNode v1 = firstPageServedBy("v1").at("/forecast/days");
        JsonNode v2 = firstPageServedBy("v2").at("/forecast/days");
        for (int i = 0; i < v1.size(); i++) {
            assertThat(v2.get(i).get("condition")).isEqualTo(v1.get(i).get("condition"));
            assertThat(v2.get(i).get("maxTemperature")).isEqualTo(v1.get(i).get("maxTemperature"));
        }
    }

    @Test
    void aFiftyFiftySplitSendsAboutHalfOfTheProbesToVersion2() throws Exception {
        Map<String, LongAdder> answeredBy = new ConcurrentHashMap<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY)) {
            List<Future<?>> probes = new ArrayList<>();
            for (int i = 0; i < PROBES; i++) {
                probes.add(clients.submit(() -> {
                    Api.Response probe = api.get("/api/probe?city=tokyo");
                    String version = probe.status() == 200 ? probe.json().get("version").asString() : "failed";
                    answeredBy.computeIfAbsent(version, key -> new LongAdder()).increment();
                }));
            }
            for (Future<?> probe : probes) {
                probe.get();
            }
        }

        assertThat(answeredBy).doesNotContainKey("failed");
        long v2 = answeredBy.get("v2").sum();
        long v1 = answeredBy.get("v1").sum();
        assertThat(v1 + v2).isEqualTo(PROBES);
        assertThat(100.0 * v2 / PROBES).isBetween(40.0, 60.0);
    }

    @Test
    void badInputIsAnsweredWithProblemDetailsThroughTheWholeStack() {
        Api.Response unknownCity = api.get("/api/weather?city=atlantis");
        assertThat(unknownCity.status()).isEqualTo(404);
        assertThat(unknownCity.contentType()).isEqualTo("application/problem+json");
        assertThat(unknownCity.json().get("detail").asString()).contains("atlantis");

        for (String days : List.of("0", "8", "soon")) {
            Api.Response badDays = api.get("/api/weather?city=paris&days=" + days);
            assertThat(badDays.status()).as(days).isEqualTo(400);
            assertThat(badDays.contentType()).isEqualTo("application/problem+json");
            assertThat(badDays.body()).doesNotContain("Exception", "at io.");
        }
    }

    @Test
    void servesThePageAndItsScripts() {
        assertThat(api.get("/").body()).contains("app.js");
        assertThat(api.get("/app.js").status()).isEqualTo(200);
        assertThat(api.get("/i18n.js").status()).isEqualTo(200);
    }

    private static JsonNode firstPageServedBy(String version) {
        for (int attempt = 0; attempt < 20; attempt++) {
            JsonNode page = api.get("/api/weather?city=chengdu&days=3").json();
            if (version.equals(page.at("/forecast/servedBy/version").asString())
                    && !"unavailable".equals(page.at("/forecast/recommendations").asString())) {
                return page;
            }
        }
        throw new AssertionError("No page served by forecast " + version + " in 20 requests");
    }

    static String route(JsonNode path) {
        List<String> hops = new ArrayList<>();
        path.forEach(hop -> hops.add(hop.get("service").asString() + " " + (hop.get("status").asString().equals("ok")
                ? hop.get("version").asString() : hop.get("status").asString())));
        return String.join(" → ", hops);
    }

}
