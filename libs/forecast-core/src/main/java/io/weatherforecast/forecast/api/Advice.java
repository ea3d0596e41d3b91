package io.weatherforecast.forecast.api;

import io.weatherforecast.service.api.LocalizedText;

/** What to wear and what sport suits one day, as forecast v2 adds it to every day. */
public record Advice(LocalizedText clothing, LocalizedText sport) {
}
