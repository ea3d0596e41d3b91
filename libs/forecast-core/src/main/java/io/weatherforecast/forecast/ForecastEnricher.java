package io.weatherforecast.forecast;

import io.weatherforecast.forecast.api.Forecast;

/**
 * What a forecast version adds to the generated forecast before it is answered. Version 1
 * has none; version 2 adds advice from the recommendation service.
 */
@FunctionalInterface
public interface ForecastEnricher {

    Forecast enrich(Forecast forecast);

}
