package io.weatherforecast.weather.city;

import java.time.Month;
import java.util.List;

/**
 * A city's climate normals, the input of the weather generator.
 *
 * @param temperature mean daily temperature in °C for each month, January first
 * @param dailyRange typical difference between a day's maximum and minimum, °C
 * @param wetDays average number of days with at least 1 mm of precipitation, for each
 * month
 * @param humidity annual mean relative humidity, %
 */
public record Climate(List<Double> temperature, double dailyRange, List<Integer> wetDays, int humidity) {

    public Climate {
        if (temperature.size() != 12 || wetDays.size() != 12) {
            throw new IllegalArgumentException("A climate needs 12 monthly temperatures and 12 monthly wet-day counts");
        }
        temperature = List.copyOf(temperature);
        wetDays = List.copyOf(wetDays);
    }

    public double meanTemperature(Month month) {
        return temperature.get(month.ordinal());
    }

    /**
     * The difference between the warmest and the coldest month: small in the tropics,
     * large inland.
     */
    public double seasonalRange() {
        return temperature.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                - temperature.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    public double wetDayShare(Month month) {
        return wetDays.get(month.ordinal()) / (double) month.length(false);
    }
}
