package io.weatherforecast.forecast.api;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.weatherforecast.weather.city.City;
import io.weatherforecast.service.identity.Hop;
import io.weatherforecast.service.identity.ServiceIdentity;
import io.weatherforecast.weather.CurrentConditions;

/**
 * The answer of the forecast service. {@code downstream} lists the services it called
 * itself, so that the caller can draw the whole route; {@code recommendations} is absent
 * when the answering version gives no advice.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Forecast(City city, CurrentConditions current, List<DailyForecast> days,
        RecommendationStatus recommendations, ServiceIdentity servedBy, List<Hop> downstream) {

    public Forecast {
        days = List.copyOf(days);
        downstream = downstream == null ? List.of() : List.copyOf(downstream);
    }

    /** The same forecast with one piece of advice per day, in the order of the days. */
    public Forecast withAdvice(List<Advice> advice, Hop adviser) {
        if (advice.size() != days.size()) {
            throw new IllegalArgumentException("Expected advice for " + days.size() + " days, got " + advice.size());
        }
        List<DailyForecast> advised = IntStream.range(0, days.size())
            .mapToObj(i -> days.get(i).withAdvice(advice.get(i)))
            .toList();
        return new Forecast(city, current, advised, RecommendationStatus.AVAILABLE, servedBy, append(adviser));
    }

    public Forecast withAdviceUnavailable(Hop adviser) {
        return new Forecast(city, current, days, RecommendationStatus.UNAVAILABLE, servedBy, append(adviser));
    }

    private List<Hop> append(Hop hop) {
        return Stream.concat(downstream.stream(), Stream.of(hop)).toList();
    }
}
