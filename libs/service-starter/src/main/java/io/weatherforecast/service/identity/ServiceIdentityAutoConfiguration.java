package io.weatherforecast.service.identity;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Who this process is ({@link ServiceIdentity}), stamped on every response in the
 * {@code X-Served-By} header.
 */
@AutoConfiguration
@EnableConfigurationProperties(ServiceProperties.class)
public class ServiceIdentityAutoConfiguration {

    @Bean
    ServiceIdentity serviceIdentity(ServiceProperties properties,
            @Value("${spring.application.name:application}") String applicationName) {
        return properties.identity(applicationName);
    }

    @Bean
    FilterRegistrationBean<ServedByHeaderFilter> servedByHeaderFilter(ServiceIdentity identity) {
        FilterRegistrationBean<ServedByHeaderFilter> registration = new FilterRegistrationBean<>(
                new ServedByHeaderFilter(identity));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

}
