package io.weatherforecast.frontend.weather;

import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;

import io.weatherforecast.forecast.api.Forecast;

public interface ForecastClient {

    @GetExchange("/weather")
    Forecast weather(@RequestParam String city, @RequestParam int days);

}
