package io.weatherforecast.forecast;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.weatherforecast.recommendation.Advice;

/** One day of the forecast. Temperatures in °C, wind in km/h, humidity and precipitation chance in %. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DailyForecast(LocalDate date, Condition condition, int minTemperature, int maxTemperature,
        int humidity, int windKph, int precipitationChance, Advice advice) {

    public double meanTemperature() {
        return (minTemperature + maxTemperature) / 2.0;
    }

    public DailyForecast withAdvice(Advice newAdvice) {
        return new DailyForecast(date, condition, minTemperature, maxTemperature, humidity, windKph,
                precipitationChance, newAdvice);
    }
}
