package io.weatherforecast.forecast;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.weatherforecast.city.CityCatalog;

/** The city catalogue and the weather generator, for the services that tell the weather or act on it. */
@AutoConfiguration(after = JacksonAutoConfiguration.class)
public class WeatherModelAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CityCatalog cityCatalog(JsonMapper jsonMapper) {
        return CityCatalog.bundled(jsonMapper);
    }

    @Bean
    WeatherGenerator weatherGenerator(Clock clock) {
        return new WeatherGenerator(clock);
    }
}
