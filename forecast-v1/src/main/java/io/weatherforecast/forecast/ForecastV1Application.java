package io.weatherforecast.forecast;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Forecast version 1: the shared forecast API ({@link ForecastController}) and nothing more. */
@SpringBootApplication
public class ForecastV1Application {

    public static void main(String[] args) {
        SpringApplication.run(ForecastV1Application.class, args);
    }
}
