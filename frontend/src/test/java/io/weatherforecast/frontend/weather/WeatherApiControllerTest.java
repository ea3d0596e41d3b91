package io.weatherforecast.frontend.weather;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.client.ResourceAccessException;

import io.weatherforecast.weather.city.CityCatalogue;
import io.weatherforecast.service.identity.Hop;
import io.weatherforecast.service.identity.ServiceIdentity;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(WeatherApiController.class)
class WeatherApiControllerTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    CityCatalogue cities;

    @MockitoBean
    WeatherPageService pages;

    @Test
    void listsTheCitiesForThePicker() throws Exception {
        mvc.perform(get("/api/cities"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$[0].name.en").value("Beijing"))
            .andExpect(jsonPath("$[0].climate").doesNotExist());
    }

    @Test
    void answersThePageForACityAndNeverLetsItBeCached() throws Exception {
        given(pages.page(cities.require("paris"), 5)).willReturn(
                new WeatherPage(cities.require("paris"), null, null, List.of(List.of(Hop.unavailable("forecast")))));

        mvc.perform(get("/api/weather").param("city", "paris").param("days", "5"))
            .andExpect(status().isOk())
            .andExpect(header().string("Cache-Control", "no-store"))
            .andExpect(jsonPath("$.city.id").value("paris"))
            .andExpect(jsonPath("$.forecast").value(nullValue()))
            .andExpect(jsonPath("$.route[0][0].status").value("unavailable"));
    }

    @Test
    void answersAnUnknownCityWithNotFoundWithoutCallingAnyService() throws Exception {
        mvc.perform(get("/api/weather").param("city", "gotham"))
            .andExpect(status().isNotFound())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.detail").value(containsString("'gotham'")));
        verifyNoInteractions(pages);
    }

    @Test
    void answersDaysOutOfRangeWithBadRequest() throws Exception {
        mvc.perform(get("/api/weather").param("city", "paris").param("days", "8"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.detail").value("days: must be less than or equal to 7"));
    }

    @Test
    void answersMalformedDaysWithBadRequest() throws Exception {
        mvc.perform(get("/api/weather").param("city", "paris").param("days", "many"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value("'days' must be a whole number, was 'many'"));
    }

    @Test
    void answersAMissingCityWithBadRequest() throws Exception {
        mvc.perform(get("/api/weather"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void probeTellsWhichForecastVersionAnswered() throws Exception {
        given(pages.probe(any())).willReturn(new ServiceIdentity("forecast", "v2", "forecast-v2-abc"));

        mvc.perform(get("/api/probe").param("city", "tokyo"))
            .andExpect(status().isOk())
            .andExpect(header().string("Cache-Control", "no-store"))
            .andExpect(jsonPath("$.version").value("v2"))
            .andExpect(jsonPath("$.instance").value("forecast-v2-abc"));
    }

    @Test
    void probeAnswersServiceUnavailableWhenForecastDoesNotAnswer() throws Exception {
        given(pages.probe(eq(cities.require("tokyo")))).willThrow(new ResourceAccessException("Connection refused"));

        mvc.perform(get("/api/probe").param("city", "tokyo"))
            .andExpect(status().isServiceUnavailable())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.detail").value("The forecast service did not answer"));
    }

    @Test
    void probeAnswersAnUnknownCityWithNotFound() throws Exception {
        mvc.perform(get("/api/probe").param("city", "gotham")).andExpect(status().isNotFound());
    }

}
