package io.weatherforecast.recommendation;

import jakarta.validation.Validator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.weatherforecast.liveconfig.ReloadableProperties;

@Configuration(proxyBeanMethods = false)
public class AdviceRulesConfiguration {

    @Bean
    ReloadableProperties<AdviceRules> adviceRules(Environment environment, Validator validator) {
        return ReloadableProperties.of(environment, "recommendation", AdviceRules.class, validator);
    }

}
