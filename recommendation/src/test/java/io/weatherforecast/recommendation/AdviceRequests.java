package io.weatherforecast.recommendation;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The request the whole-service tests send: advice for one rainy day. */
final class AdviceRequests {

    private AdviceRequests() {
    }

    static RestTestClient.RequestHeadersSpec<?> oneRainyDay(RestTestClient http, String uri) {
        return http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body("""
                {"days":[{"condition":"rain","minTemperature":12,"maxTemperature":17}]}""");
    }

}
