package io.weatherforecast.frontend.weather;

import java.net.URI;

import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;

import io.weatherforecast.service.api.LocalizedText;
import io.weatherforecast.service.identity.ServiceIdentity;

/**
 * The advertisement service as the frontend calls it, and the part of its answer the page
 * shows.
 */
public interface AdvertisementClient {

    @GetExchange("/ad")
    AdAnswer ad(@RequestParam String city);

    record AdAnswer(Ad ad, ServiceIdentity servedBy) {
    }

    record Ad(String id, LocalizedText title, LocalizedText text, URI link) {
    }

}
