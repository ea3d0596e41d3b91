package io.weatherforecast.service.client;

import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * How the services call each other: Apache HttpClient 5 (Spring Boot's first choice when
 * it is on the class path) over pooled keep-alive connections. Measured against the JDK's
 * HttpClient and HttpURLConnection under fortio load (docs/performance.md): it costs the
 * least CPU per call of the three. Spring Boot's spring.http.clients.* set the timeouts
 * (service-defaults.yml), not the pool nor the retry strategy: those are set here.
 */
@AutoConfiguration
@EnableConfigurationProperties(ServiceClientProperties.class)
public class ServiceClientAutoConfiguration {

    /**
     * The pool of {@link ServiceClientProperties}, and retries only where the connection
     * failed the call, never its answer (see {@link ClosedConnectionRetry}).
     */
    @Bean
    ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> pooledServiceConnections(
            ServiceClientProperties properties) {
        return builder -> builder
            .withConnectionManagerCustomizer(pool -> pool.setMaxConnPerRoute(properties.maxConnectionsPerService())
                .setMaxConnTotal(properties.maxConnections()))
            .withConnectionConfigCustomizer(
                    connection -> connection.setValidateAfterInactivity(TimeValue.of(properties.validateAfterIdle())))
            .withHttpClientCustomizer(client -> client.setRetryStrategy(new ClosedConnectionRetry()));
    }

    /**
     * One more try, on a new connection, of an idempotent call whose pooled connection
     * failed before an answer came (the service closed it a moment ago: it stopped or
     * restarted), as Envoy, which drops a closed connection from its pool at once, never
     * sends a call on one. HttpClient 5's default strategy, but without its retry of 429
     * and 503 answers after their Retry-After: retrying answers is the mesh's lesson (a
     * VirtualService's retries). Timeouts and refused connections are not retried either
     * (the default strategy's exclusions).
     */
    static final class ClosedConnectionRetry extends DefaultHttpRequestRetryStrategy {

        ClosedConnectionRetry() {
            super(1, TimeValue.ZERO_MILLISECONDS);
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            return false;
        }

    }

}
