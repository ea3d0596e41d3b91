package io.weatherforecast.weather.city;

import java.time.ZoneId;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.weatherforecast.service.api.LocalizedText;

/**
 * A supported city. Its climate feeds the weather generator: read from the catalogue,
 * never written to the API.
 */
public record City(String id, LocalizedText name, String country, double latitude, double longitude, ZoneId timeZone,
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) Climate climate) {
}
