package io.weatherforecast.frontend.weather;

import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;

import io.weatherforecast.advertisement.AdResponse;

public interface AdvertisementClient {

    @GetExchange("/ad")
    AdResponse ad(@RequestParam String city);
}
