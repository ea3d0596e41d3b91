package io.weatherforecast.frontend.weather;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import io.weatherforecast.frontend.weather.AdvertisementClient.AdAnswer;
import io.weatherforecast.weather.city.City;
import io.weatherforecast.forecast.api.Forecast;
import io.weatherforecast.service.identity.Hop;
import io.weatherforecast.service.identity.ServiceIdentity;

/**
 * Asks forecast and advertisement in parallel and puts their answers on one page. A
 * failing service leaves its part of the page empty; it never fails the page. Each call
 * is bounded by its client's timeouts (frontend.yml). The route tells how each call went
 * (answered, error status, timeout, no answer) and how long it took.
 */
@Service
class WeatherPageService {

    private static final Logger log = LoggerFactory.getLogger(WeatherPageService.class);

    private final ForecastClient forecasts;

    private final AdvertisementClient ads;

    private final Hop frontend;

    private final Executor executor;

    WeatherPageService(ForecastClient forecasts, AdvertisementClient ads, ServiceIdentity identity,
            @Qualifier("applicationTaskExecutor") Executor executor) {
        this.forecasts = forecasts;
        this.ads = ads;
        this.frontend = Hop.answeredBy(identity);
        this.executor = executor;
    }

    WeatherPage page(City city, int days) {
        CompletableFuture<Call<Forecast>> forecast = callAsync("forecast", () -> forecasts.weather(city.id(), days));
        CompletableFuture<Call<AdAnswer>> ad = callAsync("advertisement", () -> ads.ad(city.id()));
        Call<Forecast> forecastCall = forecast.join();
        Call<AdAnswer> adCall = ad.join();
        List<List<Hop>> route = List.of(route(forecastCall, Forecast::servedBy, Forecast::downstream),
                route(adCall, AdAnswer::servedBy, response -> List.of()));
        return new WeatherPage(city, forecastCall.answer(), adCall.answer() == null ? null : adCall.answer().ad(),
                route);
    }

    /** One call to forecast, for the canary meter: which version answered? */
    ServiceIdentity probe(City city) {
        return forecasts.weather(city.id(), 1).servedBy();
    }

    /**
     * A call to a service: its answer, or the failure, and how long it took (null if it
     * never started: the executor refused it).
     */
    private record Call<T>(String service, T answer, Throwable failure, Duration took) {
    }

    private <T> CompletableFuture<Call<T>> callAsync(String service, Supplier<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            try {
                return new Call<>(service, call.get(), null, Duration.ofNanos(System.nanoTime() - started));
            }
            catch (RuntimeException ex) {
                log.warn("{} did not answer: {}", service, ex.toString());
                return new Call<T>(service, null, ex, Duration.ofNanos(System.nanoTime() - started));
            }
        }, executor).exceptionally(failure -> {
            Throwable cause = failure.getCause() == null ? failure : failure.getCause();
            log.warn("{} was not called: {}", service, cause.toString());
            return new Call<>(service, null, cause, null);
        });
    }

    private <T> List<Hop> route(Call<T> call, Function<T, ServiceIdentity> servedBy,
            Function<T, List<Hop>> downstream) {
        List<Hop> hops = new ArrayList<>();
        hops.add(frontend);
        if (call.answer() == null) {
            hops.add(Hop.failed(call.service(), call.failure(), call.took()));
        }
        else {
            hops.add(Hop.answeredBy(servedBy.apply(call.answer()), call.took()));
            hops.addAll(downstream.apply(call.answer()));
        }
        return List.copyOf(hops);
    }

}
