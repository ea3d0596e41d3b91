package io.weatherforecast.service.fault;

import java.util.Random;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The fault switch of every service, read once from the configuration at start-up (see
 * {@link FaultSwitch}).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class FaultSwitchAutoConfiguration {

    @Bean
    FaultSwitch faultSwitch(Environment environment,
            @Value("${management.endpoints.web.base-path:/actuator}") String managementPath) {
        return new FaultSwitch(FaultSwitch.Settings.of(environment), new Random(), managementPath);
    }

}
