package io.weatherforecast.weather;

import java.util.Set;

/**
 * A condition on a day's weather, as written in the rule tables of configuration: any of
 * {@code conditions} (all when empty) and a mean temperature in {@code [from, below)} °C
 * (open where a bound is missing).
 */
public record WeatherCriteria(Set<Condition> conditions, Double from, Double below) {

    public static final WeatherCriteria ANY = new WeatherCriteria(Set.of(), null, null);

    public WeatherCriteria {
        conditions = conditions == null ? Set.of() : Set.copyOf(conditions);
    }

    public boolean matches(Condition condition, double meanTemperature) {
        return (conditions.isEmpty() || conditions.contains(condition)) && (from == null || meanTemperature >= from)
                && (below == null || meanTemperature < below);
    }

    public boolean matchesAnyWeather() {
        return conditions.isEmpty() && from == null && below == null;
    }
}
