package io.weatherforecast.weather.city;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bundled city catalogue, for a service that imports it. */
@Configuration(proxyBeanMethods = false)
public class CityCatalogueConfiguration {

    @Bean
    CityCatalogue cityCatalogue(JsonMapper jsonMapper) {
        return CityCatalogue.bundled(jsonMapper);
    }

}
