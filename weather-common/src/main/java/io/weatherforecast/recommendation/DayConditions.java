package io.weatherforecast.recommendation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import io.weatherforecast.forecast.Condition;
import io.weatherforecast.forecast.DailyForecast;

/** The part of a day's forecast that advice depends on. Temperatures in °C. */
public record DayConditions(@NotNull Condition condition, @Min(-90) @Max(60) int minTemperature,
        @Min(-90) @Max(60) int maxTemperature) {

    public static DayConditions of(DailyForecast day) {
        return new DayConditions(day.condition(), day.minTemperature(), day.maxTemperature());
    }

    public double meanTemperature() {
        return (minTemperature + maxTemperature) / 2.0;
    }
}
