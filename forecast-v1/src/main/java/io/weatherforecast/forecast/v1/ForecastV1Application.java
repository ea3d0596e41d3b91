package io.weatherforecast.forecast.v1;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import io.weatherforecast.forecast.ForecastApi;

/** Forecast version 1: the forecast API and nothing more. */
@SpringBootApplication
@Import(ForecastApi.class)
public class ForecastV1Application {

    public static void main(String[] args) {
        SpringApplication.run(ForecastV1Application.class, args);
    }

}
