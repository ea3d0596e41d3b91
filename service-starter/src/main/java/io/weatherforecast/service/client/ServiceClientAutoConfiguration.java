package io.weatherforecast.service.client;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.util.TimeValue;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * How the services call each other: Apache HttpClient 5 (Spring Boot's first choice when
 * it is on the class path) over pooled keep-alive connections. Measured against the JDK's
 * HttpClient and HttpURLConnection under fortio load (README, "Performance"): it costs
 * the least CPU per call of the three.
 */
@AutoConfiguration
@EnableConfigurationProperties(ServiceClientProperties.class)
public class ServiceClientAutoConfiguration {

    /**
     * The pool of {@link ServiceClientProperties}, and no automatic retries: retries are
     * the mesh's lesson (a VirtualService's), and HttpClient 5 would otherwise retry a
     * 503 after waiting out its Retry-After.
     */
    @Bean
    ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> pooledServiceConnections(
            ServiceClientProperties properties) {
        return builder -> builder
            .withConnectionManagerCustomizer(pool -> pool.setMaxConnPerRoute(properties.maxConnectionsPerService())
                .setMaxConnTotal(properties.maxConnections()))
            .withConnectionConfigCustomizer(
                    connection -> connection.setValidateAfterInactivity(TimeValue.of(properties.validateAfterIdle())))
            .withHttpClientCustomizer(HttpClientBuilder::disableAutomaticRetries);
    }

}
