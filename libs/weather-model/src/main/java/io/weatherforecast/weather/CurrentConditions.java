package io.weatherforecast.weather;

import java.time.OffsetDateTime;

/** The weather now, in the city's local time. Temperatures in °C, wind in km/h. */
public record CurrentConditions(Condition condition, int temperature, int humidity, int windKph,
        OffsetDateTime observedAt) {
}
