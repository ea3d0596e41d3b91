package io.weatherforecast.mesh;

import java.net.http.HttpClient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

import io.weatherforecast.problem.ProblemDetailsAdvice;

/**
 * What makes every service mesh-friendly: it answers with its identity, forwards the tracing and routing headers
 * on every call it makes (also from worker threads), and answers client errors as problem details.
 */
@AutoConfiguration
@EnableConfigurationProperties({ ServiceProperties.class, PropagationProperties.class })
public class MeshAutoConfiguration {

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

    /** HTTP/1.1: the JDK client would otherwise try an h2c upgrade on every new connection, which neither Tomcat nor Envoy takes. */
    @Bean
    @ConditionalOnMissingBean
    ClientHttpRequestFactoryBuilder<?> http11RequestFactoryBuilder() {
        return ClientHttpRequestFactoryBuilder.jdk()
            .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1));
    }

    @Bean
    TaskDecorator contextPropagatingTaskDecorator() {
        return new ContextPropagatingTaskDecorator();
    }

    @Bean
    ProblemDetailsAdvice problemDetailsAdvice() {
        return new ProblemDetailsAdvice();
    }
}
