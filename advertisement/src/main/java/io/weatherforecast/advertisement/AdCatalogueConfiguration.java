package io.weatherforecast.advertisement;

import jakarta.validation.Validator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.weatherforecast.liveconfig.ReloadableProperties;

@Configuration(proxyBeanMethods = false)
public class AdCatalogueConfiguration {

    @Bean
    ReloadableProperties<AdCatalogue> adCatalogue(Environment environment, Validator validator) {
        return ReloadableProperties.of(environment, "advertisement", AdCatalogue.class, validator);
    }

}
