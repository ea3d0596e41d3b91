package io.weatherforecast.service.input;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Import;

/**
 * Bounded and strict input: request bodies no longer than their endpoint accepts, whole
 * numbers only in decimal digits. Tomcat's limits (request line, headers, parameters,
 * forms) are in service-defaults.yml; Jackson's strictness too (spring.jackson.*).
 */
@AutoConfiguration
@EnableConfigurationProperties(InputProperties.class)
@Import(StrictNumbersAdvice.class)
public class InputAutoConfiguration {

    /** Request attribute: the body limit a request exceeded, for the error page. */
    public static final String BODY_LIMIT_ATTRIBUTE = "weather.input.body-limit";

    @Bean
    FilterRegistrationBean<RequestBodyFilter> requestBodyLimitFilter(InputProperties properties) {
        FilterRegistrationBean<RequestBodyFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyFilter(properties));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

}
