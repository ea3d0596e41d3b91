package io.weatherforecast.service.config;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code service-defaults.yml}, the settings every service shares (probes, metrics,
 * graceful shutdown, threads), behind all other property sources, so that each service's
 * application.yml holds only what is its own and can still override any default; and
 * behind it the build info the build writes into a service's jar
 * ({@code build.version-label}, the version the service answers with by default), which
 * Spring Boot keeps out of the environment. Not spring.config.import, whose imported file
 * overrides the file that imports it.
 */
class ServiceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String DEFAULTS = "service-defaults.yml";

    static final String BUILD_INFO = "META-INF/build-info.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            new YamlPropertySourceLoader().load(DEFAULTS, new ClassPathResource(DEFAULTS))
                .forEach(source -> environment.getPropertySources().addLast(source));
            ClassPathResource buildInfo = new ClassPathResource(BUILD_INFO);
            if (buildInfo.exists()) {
                new PropertiesPropertySourceLoader().load(BUILD_INFO, buildInfo)
                    .forEach(source -> environment.getPropertySources().addLast(source));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + DEFAULTS + " or " + BUILD_INFO, ex);
        }
    }

}
