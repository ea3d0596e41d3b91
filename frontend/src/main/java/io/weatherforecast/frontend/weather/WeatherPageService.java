package io.weatherforecast.frontend.weather;

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
 * is bounded by its client's timeouts (application.yml).
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
        CompletableFuture<Forecast> forecast = callAsync("forecast", () -> forecasts.weather(city.id(), days));
        CompletableFuture<AdAnswer> ad = callAsync("advertisement", () -> ads.ad(city.id()));
        Forecast answeredForecast = forecast.join();
        AdAnswer answeredAd = ad.join();
        List<List<Hop>> route = List.of(route(answeredForecast, "forecast", Forecast::servedBy, Forecast::downstream),
                route(answeredAd, "advertisement", AdAnswer::servedBy, response -> List.of()));
        return new WeatherPage(city, answeredForecast, answeredAd == null ? null : answeredAd.ad(), route);
    }

    /** One call to forecast, for the canary meter: which version answered? */
    ServiceIdentity probe(City city) {
        return forecasts.weather(city.id(), 1).servedBy();
    }

    private <T> CompletableFuture<T> callAsync(String service, Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, executor).exceptionally(failure -> {
            Throwable cause = failure.getCause() == null ? failure : failure.getCause();
            log.warn("{} did not answer: {}", service, cause.toString());
            return null;
        });
    }

    private <T> List<Hop> route(T answer, String service, Function<T, ServiceIdentity> servedBy,
            Function<T, List<Hop>> downstream) {
        List<Hop> hops = new ArrayList<>();
        hops.add(frontend);
        if (answer == null) {
            hops.add(Hop.unavailable(service));
        }
        else {
            hops.add(Hop.answeredBy(servedBy.apply(answer)));
            hops.addAll(downstream.apply(answer));
        }
        return List.copyOf(hops);
    }

}
