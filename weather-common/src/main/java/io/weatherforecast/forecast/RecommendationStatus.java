package io.weatherforecast.forecast;

import io.weatherforecast.json.ApiCode;

/** Whether the days of a forecast carry advice. Absent from forecasts of a version that gives none. */
public enum RecommendationStatus implements ApiCode {

    AVAILABLE, UNAVAILABLE
}
