package io.weatherforecast.recommendation;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Asks for advice on several days at once: one call per forecast, not one per day. */
public record RecommendationRequest(@NotEmpty @Size(max = 14) List<@Valid @NotNull DayConditions> days) {
}
