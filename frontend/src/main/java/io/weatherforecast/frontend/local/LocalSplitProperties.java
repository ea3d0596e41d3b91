package io.weatherforecast.frontend.local;

import java.net.URI;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The local profile's stand-in for Istio's weighted routing: {@code split} is the
 * percentage of forecast calls that go to version 2 (0, 50 and 100 are the tutorial's
 * three steps).
 */
@Validated
@ConfigurationProperties("weather.local")
record LocalSplitProperties(@Min(0) @Max(100) int split, @NotNull URI forecastV1, @NotNull URI forecastV2) {
}
