package io.weatherforecast.e2e;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real recommendation with its fault switch on (every answer 503), behind the real
 * forecast v2 and frontend: the page still answers, and its route shows the failed call
 * with its status and time; forecast v2 counts the requests it received. Advertisement is
 * not started, so its hop shows a call that got no answer at all.
 */
class FaultSwitchIT {

    static ServiceProcess recommendation;

    static ServiceProcess forecastV2;

    static ServiceProcess frontend;

    @BeforeAll
    static void start() {
        recommendation = ServiceProcess.start("recommendation-failing", "recommendation",
                List.of("--weather.faults.failure-percent=100"));
        recommendation.awaitReady(Duration.ofSeconds(120));
        forecastV2 = ServiceProcess.start("forecast-v2-faults", "forecast-v2",
                List.of("--spring.http.serviceclient.recommendation.base-url=" + recommendation.baseUrl()));
        frontend = ServiceProcess.start("frontend-faults", "frontend",
                List.of("--spring.profiles.active=local", "--weather.local.split=100",
                        "--weather.local.forecast-v1=http://localhost:9",
                        "--weather.local.forecast-v2=" + forecastV2.baseUrl(),
                        "--spring.http.serviceclient.advertisement.base-url=http://localhost:9"));
        forecastV2.awaitReady(Duration.ofSeconds(120));
        frontend.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess process : new ServiceProcess[] { frontend, forecastV2, recommendation }) {
            if (process != null) {
                process.close();
            }
        }
    }

    @Test
    void theRouteShowsTheFailedCallsAndForecastV2CountsItsRequests() {
        Api.Response page = new Api(frontend).get("/api/weather?city=paris&days=2");

        assertThat(page.status()).isEqualTo(200);
        JsonNode json = page.json();
        assertThat(json.at("/forecast/recommendations").asString()).isEqualTo("unavailable");
        JsonNode forecast = json.at("/route/0/1");
        assertThat(forecast.get("status").asString()).isEqualTo("ok");
        assertThat(forecast.get("version").asString()).isEqualTo("v2");
        assertThat(forecast.get("millis").asLong()).isNotNegative();
        JsonNode failed = json.at("/route/0/2");
        assertThat(failed.get("service").asString()).isEqualTo("recommendation");
        assertThat(failed.get("status").asString()).isEqualTo("error");
        assertThat(failed.get("httpStatus").asInt()).isEqualTo(503);
        assertThat(failed.get("millis").asLong()).isNotNegative();
        JsonNode ad = json.at("/route/1/1");
        assertThat(ad.get("service").asString()).isEqualTo("advertisement");
        assertThat(ad.get("status").asString()).isEqualTo("unavailable");

        String metrics = new Api(forecastV2).get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("weather_forecast_v2_requests_total\\{shadow=\"false\"\\} [1-9]");
    }

}
