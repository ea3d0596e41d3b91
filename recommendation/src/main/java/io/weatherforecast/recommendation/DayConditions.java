package io.weatherforecast.recommendation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import io.weatherforecast.weather.Condition;

/** The part of a day's forecast that advice depends on. Temperatures in °C. */
public record DayConditions(@NotNull Condition condition, @Min(-90) @Max(60) int minTemperature,
        @Min(-90) @Max(60) int maxTemperature) {

    public double meanTemperature() {
        return (minTemperature + maxTemperature) / 2.0;
    }
}
