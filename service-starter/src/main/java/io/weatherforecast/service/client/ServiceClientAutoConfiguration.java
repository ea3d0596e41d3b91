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
 * HttpClient and HttpURLConnection with scripts/bench (README, "Performance"): it costs
 * the least CPU per call of the three.
 */
@AutoConfiguration
@EnableConfigurationProperties(ServiceClientProperties.class)
public class ServiceClientAutoConfiguration {

    @Bean
    ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> pooledServiceConnections(
            ServiceClientProperties properties) {
        return builder -> builder
            .withConnectionManagerCustomizer(pool -> pool.setMaxConnPerRoute(properties.maxConnectionsPerService())
                .setMaxConnTotal(properties.maxConnections()))
            .withConnectionConfigCustomizer(
                    connection -> connection.setValidateAfterInactivity(TimeValue.of(properties.validateAfterIdle())))
            // Retries are the mesh's lesson (a VirtualService's retries): the client must
            // not
            // add its own, which for HttpClient 5 would include waiting out a 503's
            // Retry-After.
            .withHttpClientCustomizer(HttpClientBuilder::disableAutomaticRetries);
    }

}
