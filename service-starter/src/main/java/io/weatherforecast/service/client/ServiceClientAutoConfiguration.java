package io.weatherforecast.service.client;

import java.net.http.HttpClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.context.annotation.Bean;

/** How the services call each other. */
@AutoConfiguration
public class ServiceClientAutoConfiguration {

    /**
     * HTTP/1.1: the JDK client would otherwise try an h2c upgrade on every new
     * connection, which neither Tomcat nor Envoy takes.
     */
    @Bean
    @ConditionalOnMissingBean
    ClientHttpRequestFactoryBuilder<?> http11RequestFactoryBuilder() {
        return ClientHttpRequestFactoryBuilder.jdk()
            .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1));
    }

}
