package io.weatherforecast.forecast.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.weatherforecast.weather.DayWeather;

/**
 * One day of the forecast: the day's weather, and the advice for it where the answering
 * version gives some.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DailyForecast(@JsonUnwrapped DayWeather weather, Advice advice) {

    public DailyForecast withAdvice(Advice newAdvice) {
        return new DailyForecast(weather, newAdvice);
    }
}
