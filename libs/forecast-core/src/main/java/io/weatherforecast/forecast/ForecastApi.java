package io.weatherforecast.forecast;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.weatherforecast.weather.WeatherGeneratorConfiguration;
import io.weatherforecast.weather.city.CityCatalogueConfiguration;

/**
 * The forecast API ({@code GET /cities}, {@code GET /weather}) with the cities and the
 * weather generator behind it. Each forecast version imports it; what a version adds, it
 * adds as a {@link ForecastEnricher} bean.
 */
@Configuration(proxyBeanMethods = false)
@Import({ ForecastController.class, CityCatalogueConfiguration.class, WeatherGeneratorConfiguration.class })
public class ForecastApi {

}
