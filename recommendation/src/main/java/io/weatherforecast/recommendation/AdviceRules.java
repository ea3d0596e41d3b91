package io.weatherforecast.recommendation;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import io.weatherforecast.weather.WeatherCriteria;
import io.weatherforecast.service.api.LocalizedText;

/**
 * The rule tables, bound from the {@code recommendation} properties: application.yml, or
 * in Kubernetes the {@code recommendation} ConfigMap, reloaded while the service runs. In
 * each table the first rule whose criteria match a day gives its advice; the last rule
 * must match any weather, so that every day gets advice.
 */
public record AdviceRules(@NotEmpty List<@Valid Rule> clothing, @NotEmpty List<@Valid Rule> sport) {

    public Advice adviceFor(DayConditions day) {
        return new Advice(firstMatch(clothing, day), firstMatch(sport, day));
    }

    @AssertTrue(message = "the last rule of each table must match any weather (no conditions, no temperature bounds)")
    public boolean isEveryDayCovered() {
        return endsWithCatchAll(clothing) && endsWithCatchAll(sport);
    }

    private static boolean endsWithCatchAll(List<Rule> table) {
        return table == null || table.isEmpty() || table.getLast().when().matchesAnyWeather();
    }

    private static LocalizedText firstMatch(List<Rule> table, DayConditions day) {
        return table.stream()
            .filter(rule -> rule.when().matches(day.condition(), day.meanTemperature()))
            .findFirst()
            .orElseThrow()
            .advice();
    }

    public record Rule(WeatherCriteria when, @NotNull @Valid LocalizedText advice) {

        public Rule {
            when = when == null ? WeatherCriteria.ANY : when;
        }
    }
}
