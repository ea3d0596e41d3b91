package io.weatherforecast.recommendation;

import java.util.List;

import io.weatherforecast.service.identity.ServiceIdentity;

/** Advice per requested day, in the order of the request. */
public record RecommendationResponse(List<Advice> advice, ServiceIdentity servedBy) {
}
