package io.weatherforecast.recommendation;

import java.util.Random;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The fault switch, read once from the configuration at start-up (see
 * {@link FaultSwitch}).
 */
@Configuration(proxyBeanMethods = false)
class FaultSwitchConfiguration {

    @Bean
    FaultSwitch faultSwitch(Environment environment) {
        return new FaultSwitch(FaultSwitch.Settings.of(environment), new Random());
    }

}
