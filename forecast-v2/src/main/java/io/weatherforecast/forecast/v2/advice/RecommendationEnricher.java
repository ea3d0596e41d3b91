package io.weatherforecast.forecast.v2.advice;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.stereotype.Component;

import io.weatherforecast.forecast.ForecastEnricher;
import io.weatherforecast.forecast.api.DailyForecast;
import io.weatherforecast.forecast.api.Forecast;
import io.weatherforecast.forecast.v2.advice.RecommendationClient.AdviceRequest;
import io.weatherforecast.forecast.v2.advice.RecommendationClient.Recommendations;
import io.weatherforecast.service.identity.Hop;

/**
 * Adds advice to every day of a forecast with one call to the recommendation service. The
 * call runs behind the "recommendation" circuit breaker and time limiter (thresholds in
 * application.yml): when the service is down, slow or failing, the forecast is still
 * answered in time, with its advice marked unavailable.
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
        long started = System.nanoTime();
        return breaker.run(() -> withAdvice(forecast, started), failure -> {
            log.warn("Forecast for {} answered without advice: {}", forecast.city().id(), failure.toString());
            return forecast.withAdviceUnavailable(Hop.failed(SERVICE, failure, since(started)));
        });
    }

    private Forecast withAdvice(Forecast forecast, long started) {
        Recommendations response = client
            .recommend(AdviceRequest.of(forecast.days().stream().map(DailyForecast::weather).toList()));
        return forecast.withAdvice(response.advice(),
                Hop.answeredBy(response.servedBy(), since(started)).withAttempt(response.attempt()));
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

}
