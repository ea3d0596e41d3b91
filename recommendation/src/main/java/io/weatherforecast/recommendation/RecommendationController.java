package io.weatherforecast.recommendation;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.weatherforecast.liveconfig.ReloadableProperties;
import io.weatherforecast.service.identity.Hop;
import io.weatherforecast.service.identity.ServiceIdentity;

@RestController
class RecommendationController {

    private final ReloadableProperties<AdviceRules> rules;

    private final ServiceIdentity identity;

    RecommendationController(ReloadableProperties<AdviceRules> rules, ServiceIdentity identity) {
        this.rules = rules;
        this.identity = identity;
    }

    @PostMapping("/recommendations")
    RecommendationResponse recommend(@Valid @RequestBody RecommendationRequest request,
            @RequestHeader(name = Hop.ATTEMPT_HEADER, required = false) String attempt) {
        return new RecommendationResponse(request.days().stream().map(rules.get()::adviceFor).toList(), identity,
                Hop.attempt(attempt));
    }

}
