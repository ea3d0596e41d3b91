package io.weatherforecast.forecast;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The weather condition codes of the API. */
public enum Condition {

    SUNNY, CLOUDY, RAIN, SNOW, STORM, FOG;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
