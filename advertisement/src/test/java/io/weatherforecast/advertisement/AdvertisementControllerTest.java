package io.weatherforecast.advertisement;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.weatherforecast.weather.city.CityCatalogue;
import io.weatherforecast.liveconfig.ReloadableProperties;
import io.weatherforecast.weather.WeatherGenerator;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.oneOf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(AdvertisementController.class)
@Import(AdCatalogueConfiguration.class)
class AdvertisementControllerTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    ReloadableProperties<AdCatalogue> catalogue;

    @Autowired
    CityCatalogue cities;

    @Autowired
    WeatherGenerator weather;

    @Test
    void showsTheAdThatMatchesTodaysWeatherInTheCity() throws Exception {
        String expected = catalogue.get().adFor(weather.today(cities.require("harbin"))).id();
        mvc.perform(get("/ad").param("city", "harbin"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.ad.id").value(expected))
            .andExpect(jsonPath("$.ad.title.en").isNotEmpty())
            .andExpect(jsonPath("$.ad.title.zh").isNotEmpty())
            .andExpect(jsonPath("$.ad.link").value(containsString("https://")))
            .andExpect(jsonPath("$.servedBy.service").value("advertisement"))
            .andExpect(header().string("X-Served-By", containsString("advertisement/v1/")));
    }

    @Test
    void aFreezingJanuaryDayInHarbinShowsAWinterAd() throws Exception {
        mvc.perform(get("/ad").param("city", "harbin"))
            .andExpect(jsonPath("$.ad.id").value(oneOf("snow-boots", "hot-pot")));
    }

    @Test
    void answersAnUnknownCityWithNotFound() throws Exception {
        mvc.perform(get("/ad").param("city", "atlantis"))
            .andExpect(status().isNotFound())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.detail").value(containsString("atlantis")));
    }

    @Test
    void answersAMissingCityWithBadRequest() throws Exception {
        mvc.perform(get("/ad"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.detail").value(containsString("city")));
    }

    @TestConfiguration
    static class MidJanuary {

        @Bean
        Clock clock() {
            return Clock.fixed(Instant.parse("2026-01-15T04:00:00Z"), ZoneOffset.UTC);
        }

    }

}
