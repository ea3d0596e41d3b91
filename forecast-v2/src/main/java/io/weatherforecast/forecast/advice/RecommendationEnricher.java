package io.weatherforecast.forecast.advice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.stereotype.Component;

import io.weatherforecast.forecast.Forecast;
import io.weatherforecast.forecast.ForecastEnricher;
import io.weatherforecast.mesh.Hop;
import io.weatherforecast.recommendation.DayConditions;
import io.weatherforecast.recommendation.RecommendationRequest;
import io.weatherforecast.recommendation.RecommendationResponse;

/**
 * Adds advice to every day of a forecast with one call to the recommendation service. The call runs behind the
 * "recommendation" circuit breaker and time limiter (thresholds in application.yml): when the service is down, slow
 * or failing, the forecast is still answered in time, with its advice marked unavailable.
 */
@Component
class RecommendationEnricher implements ForecastEnricher {

    static final String SERVICE = "recommendation";

    private static final Logger log = LoggerFactory.getLogger(RecommendationEnricher.class);

    private final RecommendationClient client;

    private final CircuitBreaker breaker;

    RecommendationEnricher(RecommendationClient client, CircuitBreakerFactory<?, ?> circuitBreakers) {
        this.client = client;
        this.breaker = circuitBreakers.create(SERVICE);
    }

    @Override
    public Forecast enrich(Forecast forecast) {
        return breaker.run(() -> withAdvice(forecast), failure -> {
            log.warn("Forecast for {} answered without advice: {}", forecast.city().id(), failure.toString());
            return forecast.withAdviceUnavailable(Hop.unavailable(SERVICE));
        });
    }

    private Forecast withAdvice(Forecast forecast) {
        RecommendationResponse response = client
            .recommend(new RecommendationRequest(forecast.days().stream().map(DayConditions::of).toList()));
        return forecast.withAdvice(response.advice(), Hop.answeredBy(response.servedBy()));
    }
}
