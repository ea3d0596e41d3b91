package io.weatherforecast.advertisement;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import io.weatherforecast.weather.DayWeather;
import io.weatherforecast.weather.WeatherCriteria;
import io.weatherforecast.service.api.LocalizedText;

/**
 * The ads, bound from the {@code advertisement} properties: application.yml, or in
 * Kubernetes the {@code advertisement} ConfigMap, reloaded while the service runs. The
 * rule: a city is shown the first ad whose "when" matches today's weather in that city,
 * the same weather the forecast tells; the last ad matches any weather.
 */
public record AdCatalogue(@NotEmpty List<@Valid Entry> ads) {

    public Ad adFor(DayWeather today) {
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
