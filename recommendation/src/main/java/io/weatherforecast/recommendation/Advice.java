package io.weatherforecast.recommendation;

import io.weatherforecast.service.api.LocalizedText;

/** What to wear and what sport suits one day. */
public record Advice(LocalizedText clothing, LocalizedText sport) {
}
