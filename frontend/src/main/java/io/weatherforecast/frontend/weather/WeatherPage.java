package io.weatherforecast.frontend.weather;

import java.util.List;

import io.weatherforecast.frontend.weather.AdvertisementClient.Ad;
import io.weatherforecast.weather.city.City;
import io.weatherforecast.forecast.api.Forecast;
import io.weatherforecast.service.identity.Hop;

/**
 * What the page shows for a city. {@code forecast} or {@code ad} is null when its service
 * failed; {@code route} holds one list of hops per call chain, for example frontend →
 * forecast → recommendation.
 */
public record WeatherPage(City city, Forecast forecast, Ad ad, List<List<Hop>> route) {
}
