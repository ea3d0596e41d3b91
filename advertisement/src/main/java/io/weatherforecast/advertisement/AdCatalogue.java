package io.weatherforecast.advertisement;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import io.weatherforecast.forecast.DailyForecast;
import io.weatherforecast.forecast.WeatherCriteria;
import io.weatherforecast.i18n.LocalizedText;

/**
 * The ads, from configuration (a ConfigMap in Kubernetes). The rule: a city is shown the first ad whose "when"
 * matches today's weather in that city, the same weather the forecast tells; the last ad matches any weather.
 */
@Validated
@ConfigurationProperties("advertisement")
public record AdCatalogue(@NotEmpty List<@Valid Entry> ads) {

    public Ad adFor(DailyForecast today) {
        return ads.stream()
            .filter(entry -> entry.when().matches(today.condition(), today.meanTemperature()))
            .findFirst()
            .orElseThrow()
            .ad();
    }

    @AssertTrue(message = "the last ad must match any weather (no conditions, no temperature bounds)")
    public boolean isEveryDayCovered() {
        return ads == null || ads.isEmpty() || ads.getLast().when().matchesAnyWeather();
    }

    public record Entry(@NotNull String id, WeatherCriteria when, @NotNull @Valid LocalizedText title,
            @NotNull @Valid LocalizedText text, @NotNull URI link) {

        public Entry {
            when = when == null ? WeatherCriteria.ANY : when;
        }

        Ad ad() {
            return new Ad(id, title, text, link);
        }
    }
}
