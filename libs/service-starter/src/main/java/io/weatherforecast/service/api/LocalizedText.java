package io.weatherforecast.service.api;

import jakarta.validation.constraints.NotBlank;

/** A text in the two languages the page speaks: English and Simplified Chinese. */
public record LocalizedText(@NotBlank String en, @NotBlank String zh) {
}
