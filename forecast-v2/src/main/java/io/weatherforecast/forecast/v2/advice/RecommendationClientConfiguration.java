package io.weatherforecast.forecast.v2.advice;

import java.util.concurrent.Executors;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The typed client of the recommendation service; its base URL and timeouts are in
 * application.yml.
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = RecommendationEnricher.SERVICE, types = RecommendationClient.class)
class RecommendationClientConfiguration {

    /**
     * The time limiter runs each call on a worker thread: carry the incoming request's
     * headers (and any other registered thread-local context) to it, so that the call to
     * the recommendation service forwards them.
     */
    @Bean
    Customizer<Resilience4JCircuitBreakerFactory> contextPropagatingCircuitBreakerExecutor() {
        return factory -> factory.configureExecutorService(ContextExecutorService.wrap(Executors.newCachedThreadPool(),
                ContextSnapshotFactory.builder().build()::captureAll));
    }

}
