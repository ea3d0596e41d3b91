package io.weatherforecast.service.api;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An enum of the API, written (and read) as its constant's name in lower case:
 * {@code SUNNY} is "sunny".
 */
public interface ApiCode {

    String name();

    @JsonValue
    default String code() {
        return name().toLowerCase(Locale.ROOT);
    }

}
