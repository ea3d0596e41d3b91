package io.weatherforecast.forecast.v2;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import io.weatherforecast.forecast.ForecastApi;

/**
 * Forecast version 2: the forecast API whose days also carry advice from the
 * recommendation service (package {@code advice}).
 */
@SpringBootApplication
@Import(ForecastApi.class)
public class ForecastV2Application {

    public static void main(String[] args) {
        SpringApplication.run(ForecastV2Application.class, args);
    }

}
