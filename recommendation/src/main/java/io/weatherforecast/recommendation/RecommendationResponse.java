package io.weatherforecast.recommendation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weatherforecast.service.identity.ServiceIdentity;

/**
 * Advice per requested day, in the order of the request; {@code attempt}: the mesh's try
 * that this answers (x-envoy-attempt-count), only where the mesh sent one.
 */
public record RecommendationResponse(List<Advice> advice, ServiceIdentity servedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer attempt) {
}
