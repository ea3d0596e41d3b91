package io.weatherforecast.frontend.weather;

import java.util.List;

import io.weatherforecast.advertisement.Ad;
import io.weatherforecast.city.City;
import io.weatherforecast.forecast.Forecast;
import io.weatherforecast.mesh.Hop;

/**
 * What the page shows for a city. {@code forecast} or {@code ad} is null when its service failed; {@code route}
 * holds one list of hops per call chain, for example frontend → forecast → recommendation.
 */
public record WeatherPage(City city, Forecast forecast, Ad ad, List<List<Hop>> route) {
}
