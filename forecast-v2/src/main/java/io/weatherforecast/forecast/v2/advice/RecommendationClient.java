package io.weatherforecast.forecast.v2.advice;

import java.util.List;

import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.PostExchange;

import io.weatherforecast.forecast.api.Advice;
import io.weatherforecast.service.identity.ServiceIdentity;
import io.weatherforecast.weather.Condition;
import io.weatherforecast.weather.DayWeather;

/**
 * The recommendation service as forecast v2 calls it: the request it sends and the part
 * of the answer it reads.
 */
public interface RecommendationClient {

    @PostExchange("/recommendations")
    Recommendations recommend(@RequestBody AdviceRequest request);

    /** Advice for several days at once: one call per forecast, not one per day. */
    record AdviceRequest(List<Day> days) {

        static AdviceRequest of(List<DayWeather> days) {
            return new AdviceRequest(days.stream()
                .map(day -> new Day(day.condition(), day.minTemperature(), day.maxTemperature()))
                .toList());
        }
    }

    record Day(Condition condition, int minTemperature, int maxTemperature) {
    }

    /**
     * Advice per requested day, in the order of the request, and the mesh's try that
     * answered (null outside a mesh).
     */
    record Recommendations(List<Advice> advice, ServiceIdentity servedBy, Integer attempt) {
    }

}
