package io.weatherforecast.forecast;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Forecast version 2: the shared forecast API ({@link ForecastController}) whose days also carry advice from the
 * recommendation service (package {@code advice}).
 */
@SpringBootApplication
public class ForecastV2Application {

    public static void main(String[] args) {
        SpringApplication.run(ForecastV2Application.class, args);
    }
}
