package io.weatherforecast.frontend;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Stub answers of the services the frontend calls, in the shape the real services give.
 */
public final class StubForecast {

    private StubForecast() {
    }

    public static MockResponse forecast(String version, String downstream) {
        return json(
                """
                        {"city":{"id":"paris","name":{"en":"Paris","zh":"巴黎"},"country":"FR","latitude":48.86,"longitude":2.35,"timeZone":"Europe/Paris"},
                         "current":{"condition":"rain","temperature":9,"humidity":88,"windKph":18,"observedAt":"2026-11-30T10:00:00+01:00"},
                         "days":[{"date":"2026-11-30","condition":"rain","minTemperature":6,"maxTemperature":11,"humidity":88,"windKph":18,"precipitationChance":80}],
                         "servedBy":{"service":"forecast","version":"%s","instance":"forecast-%s-stub"},
                         "downstream":[%s]}"""
                    .formatted(version, version, downstream));
    }

    public static MockResponse ad() {
        return json(
                """
                        {"ad":{"id":"umbrella","title":{"en":"Umbrellas","zh":"雨伞"},"text":{"en":"Stay dry","zh":"防雨"},"link":"https://example.com/u"},
                         "servedBy":{"service":"advertisement","version":"v1","instance":"advertisement-v1-stub"}}""");
    }

    /**
     * Answers every request with the forecast of one version, however many requests come.
     */
    public static Dispatcher alwaysForecast(String version) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return forecast(version, "");
            }
        };
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
    }

}
