package io.weatherforecast.service.config;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code service-defaults.yml}, the settings every service shares (probes, metrics,
 * graceful shutdown, virtual threads), behind all other property sources, so that each
 * service's application.yml holds only what is its own and can still override any
 * default.
 */
class ServiceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String DEFAULTS = "service-defaults.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            new YamlPropertySourceLoader().load(DEFAULTS, new ClassPathResource(DEFAULTS))
                .forEach(source -> environment.getPropertySources().addLast(source));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + DEFAULTS, ex);
        }
    }

}
