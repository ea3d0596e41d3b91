package io.weatherforecast.advertisement;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import io.weatherforecast.weather.WeatherGeneratorConfiguration;
import io.weatherforecast.weather.city.CityCatalogueConfiguration;

/**
 * Chooses an ad by today's weather in a city, so it needs the cities and the weather
 * generator.
 */
@SpringBootApplication
@Import({ CityCatalogueConfiguration.class, WeatherGeneratorConfiguration.class })
public class AdvertisementApplication {

    public static void main(String[] args) {
        SpringApplication.run(AdvertisementApplication.class, args);
    }

}
