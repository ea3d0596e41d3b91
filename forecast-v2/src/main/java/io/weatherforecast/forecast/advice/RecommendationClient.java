package io.weatherforecast.forecast.advice;

import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.PostExchange;

import io.weatherforecast.recommendation.RecommendationRequest;
import io.weatherforecast.recommendation.RecommendationResponse;

public interface RecommendationClient {

    @PostExchange("/recommendations")
    RecommendationResponse recommend(@RequestBody RecommendationRequest request);
}
