package io.weatherforecast.weather;

import java.time.LocalDate;

/**
 * The weather of one day in one city. Temperatures in °C, wind in km/h, humidity and
 * precipitation chance in %.
 */
public record DayWeather(LocalDate date, Condition condition, int minTemperature, int maxTemperature, int humidity,
        int windKph, int precipitationChance) {

    public double meanTemperature() {
        return (minTemperature + maxTemperature) / 2.0;
    }
}
