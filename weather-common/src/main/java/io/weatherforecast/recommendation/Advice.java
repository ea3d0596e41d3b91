package io.weatherforecast.recommendation;

import io.weatherforecast.i18n.LocalizedText;

/** What to wear and what sport suits one day. */
public record Advice(LocalizedText clothing, LocalizedText sport) {
}
