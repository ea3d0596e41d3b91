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

    /**
     * Request attribute: what a filter that refused the request with {@code sendError}
     * tells the caller to fix, a {@code MessageSourceResolvable} that Tomcat's error
     * report valve answers with.
     */
    public static final String PROBLEM_DETAIL_ATTRIBUTE = "weather.input.problem-detail";

    @Bean
    FilterRegistrationBean<RequestBodyFilter> requestBodyLimitFilter(InputProperties properties) {
        FilterRegistrationBean<RequestBodyFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyFilter(properties));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<PathParametersFilter> pathParametersFilter() {
        FilterRegistrationBean<PathParametersFilter> registration = new FilterRegistrationBean<>(
                new PathParametersFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

}
