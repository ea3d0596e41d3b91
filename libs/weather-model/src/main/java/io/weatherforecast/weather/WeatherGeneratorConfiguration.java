package io.weatherforecast.weather;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The weather generator, for a service that imports it; on the system clock unless the
 * service has a Clock bean.
 */
@Configuration(proxyBeanMethods = false)
public class WeatherGeneratorConfiguration {

    @Bean
    WeatherGenerator weatherGenerator(ObjectProvider<Clock> clock) {
        return new WeatherGenerator(clock.getIfAvailable(Clock::systemUTC));
    }

}
