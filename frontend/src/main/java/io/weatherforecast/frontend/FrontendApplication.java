package io.weatherforecast.frontend;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import io.weatherforecast.weather.city.CityCatalogueConfiguration;

/**
 * The page and its API; it checks city ids against the catalogue before it calls anyone.
 */
@SpringBootApplication
@Import(CityCatalogueConfiguration.class)
public class FrontendApplication {

    public static void main(String[] args) {
        SpringApplication.run(FrontendApplication.class, args);
    }

}
