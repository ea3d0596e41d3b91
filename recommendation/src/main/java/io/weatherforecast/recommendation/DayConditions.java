package io.weatherforecast.recommendation;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import io.weatherforecast.weather.Condition;

/** The part of a day's forecast that advice depends on. Temperatures in °C. */
public record DayConditions(@NotNull Condition condition, @Min(-90) @Max(60) int minTemperature,
        @Min(-90) @Max(60) int maxTemperature) {

    /** A day's lowest temperature cannot be above its highest. */
    @AssertTrue(message = "{weather.validation.temperature-range}")
    boolean isTemperatureRangeOrdered() {
        return this.minTemperature <= this.maxTemperature;
    }

    public double meanTemperature() {
        return (minTemperature + maxTemperature) / 2.0;
    }
}
