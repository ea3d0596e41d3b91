package io.weatherforecast.frontend.weather;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClientException;

import io.weatherforecast.weather.city.City;
import io.weatherforecast.weather.city.CityCatalogue;
import io.weatherforecast.weather.WeatherGenerator;
import io.weatherforecast.service.identity.ServiceIdentity;

/** The backend of the page. */
@RestController
@RequestMapping("/api")
class WeatherApiController {

    private final CityCatalogue cities;

    private final WeatherPageService pages;

    WeatherApiController(CityCatalogue cities, WeatherPageService pages) {
        this.cities = cities;
        this.pages = pages;
    }

    @GetMapping("/cities")
    List<City> cities() {
        return cities.all();
    }

    @GetMapping("/weather")
    WeatherPage weather(@RequestParam String city,
            @RequestParam(defaultValue = "3") @Min(1) @Max(WeatherGenerator.MAX_DAYS) int days) {
        return pages.page(cities.require(city), days);
    }

    /**
     * One request through to the forecast service; the canary meter sends many and counts
     * the versions.
     */
    @GetMapping("/probe")
    ServiceIdentity probe(@RequestParam String city) {
        City found = cities.require(city);
        try {
            return pages.probe(found);
        }
        catch (RestClientException ex) {
            throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail
                .forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "The forecast service did not answer"), ex,
                    "weather.problem.forecast-unavailable", null);
        }
    }

}
