package io.weatherforecast.service.propagation;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

/**
 * Forwards the tracing and routing headers of the incoming request on every call the
 * service makes through an HTTP service client, also from worker threads (the task
 * executor's decorator carries them there). Spring Boot propagates no request headers to
 * a blocking client; Micrometer Tracing would forward its own spans' ids, not the mesh's
 * headers as they came.
 */
@AutoConfiguration
@EnableConfigurationProperties(PropagationProperties.class)
public class HeaderPropagationAutoConfiguration {

    @Bean
    FilterRegistrationBean<HeaderCaptureFilter> headerCaptureFilter(PropagationProperties properties) {
        FilterRegistrationBean<HeaderCaptureFilter> registration = new FilterRegistrationBean<>(
                new HeaderCaptureFilter(properties));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    RestClientHttpServiceGroupConfigurer propagateHeadersOnHttpServiceCalls() {
        HeaderPropagationInterceptor interceptor = new HeaderPropagationInterceptor();
        return groups -> groups.forEachClient((group, builder) -> builder.requestInterceptor(interceptor));
    }

    @Bean
    TaskDecorator contextPropagatingTaskDecorator() {
        return new ContextPropagatingTaskDecorator();
    }

}
