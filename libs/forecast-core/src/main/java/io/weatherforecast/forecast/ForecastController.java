package io.weatherforecast.forecast;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.weatherforecast.weather.city.City;
import io.weatherforecast.weather.city.CityCatalogue;
import io.weatherforecast.forecast.api.DailyForecast;
import io.weatherforecast.forecast.api.Forecast;
import io.weatherforecast.service.identity.ServiceIdentity;
import io.weatherforecast.weather.WeatherGenerator;

/**
 * The API of both forecast versions. What a version adds, it adds through a
 * {@link ForecastEnricher}.
 */
@RestController
class ForecastController {

    private final CityCatalogue cities;

    private final WeatherGenerator generator;

    private final ServiceIdentity identity;

    private final ForecastEnricher enricher;

    ForecastController(CityCatalogue cities, WeatherGenerator generator, ServiceIdentity identity,
            ObjectProvider<ForecastEnricher> enricher) {
        this.cities = cities;
        this.generator = generator;
        this.identity = identity;
        this.enricher = enricher.getIfAvailable(() -> forecast -> forecast);
    }

    @GetMapping("/cities")
    public List<City> cities() {
        return cities.all();
    }

    @GetMapping("/weather")
    public Forecast weather(@RequestParam String city,
            @RequestParam(defaultValue = "3") @Min(1) @Max(WeatherGenerator.MAX_DAYS) int days) {
        City found = cities.require(city);
        WeatherGenerator.Weather weather = generator.weather(found, days);
        List<DailyForecast> daily = weather.days().stream().map(day -> new DailyForecast(day, null)).toList();
        return enricher.enrich(new Forecast(found, weather.current(), daily, null, identity, List.of()));
    }

}
