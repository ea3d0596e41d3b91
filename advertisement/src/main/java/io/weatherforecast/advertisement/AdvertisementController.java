package io.weatherforecast.advertisement;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.weatherforecast.weather.city.CityCatalogue;
import io.weatherforecast.liveconfig.ReloadableProperties;
import io.weatherforecast.weather.WeatherGenerator;
import io.weatherforecast.service.identity.ServiceIdentity;

@RestController
class AdvertisementController {

    private final ReloadableProperties<AdCatalogue> catalogue;

    private final CityCatalogue cities;

    private final WeatherGenerator weather;

    private final ServiceIdentity identity;

    AdvertisementController(ReloadableProperties<AdCatalogue> catalogue, CityCatalogue cities, WeatherGenerator weather,
            ServiceIdentity identity) {
        this.catalogue = catalogue;
        this.cities = cities;
        this.weather = weather;
        this.identity = identity;
    }

    @GetMapping("/ad")
    AdResponse ad(@RequestParam String city) {
        return new AdResponse(catalogue.get().adFor(weather.today(cities.require(city))), identity);
    }

}
