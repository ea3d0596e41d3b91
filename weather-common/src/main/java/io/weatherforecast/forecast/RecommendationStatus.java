package io.weatherforecast.forecast;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether the days of a forecast carry advice. Absent from forecasts of a version that gives none. */
public enum RecommendationStatus {

    AVAILABLE, UNAVAILABLE;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
