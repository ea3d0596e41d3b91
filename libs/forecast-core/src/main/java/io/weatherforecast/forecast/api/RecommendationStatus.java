package io.weatherforecast.forecast.api;

import io.weatherforecast.service.api.ApiCode;

/**
 * Whether the days of a forecast carry advice. Absent from forecasts of a version that
 * gives none.
 */
public enum RecommendationStatus implements ApiCode {

    AVAILABLE, UNAVAILABLE

}
