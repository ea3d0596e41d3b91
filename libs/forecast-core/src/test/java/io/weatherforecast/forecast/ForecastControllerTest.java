package io.weatherforecast.forecast;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.oneOf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(controllers = ForecastController.class,
        properties = { "spring.application.name=forecast", "weather.service.version=v1" })
class ForecastControllerTest {

    @Autowired
    MockMvc mvc;

    @Test
    void listsTheCitiesWithBothNamesAndWithoutTheirClimateData() throws Exception {
        mvc.perform(get("/cities"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.length()").value(greaterThanOrEqualTo(40)))
            .andExpect(jsonPath("$[0].id").value("beijing"))
            .andExpect(jsonPath("$[0].name.zh").value("北京"))
            .andExpect(jsonPath("$[0].timeZone").value("Asia/Shanghai"))
            .andExpect(jsonPath("$[0].climate").doesNotExist());
    }

    @Test
    void forecastsThreeDaysByDefault() throws Exception {
        mvc.perform(get("/weather").param("city", "shanghai"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.city.id").value("shanghai"))
            .andExpect(jsonPath("$.days.length()").value(3))
            .andExpect(jsonPath("$.days[0].condition").value(oneOf("sunny", "cloudy", "rain", "snow", "storm", "fog")))
            .andExpect(jsonPath("$.current.temperature").isNumber())
            .andExpect(jsonPath("$.servedBy.service").value("forecast"))
            .andExpect(jsonPath("$.servedBy.version").value("v1"))
            .andExpect(header().string("X-Served-By", containsString("forecast/v1/")));
    }

    @Test
    void version1GivesNoRecommendations() throws Exception {
        mvc.perform(get("/weather").param("city", "shanghai").param("days", "7"))
            .andExpect(jsonPath("$.days.length()").value(7))
            .andExpect(jsonPath("$.recommendations").doesNotExist())
            .andExpect(jsonPath("$.days[0].advice").doesNotExist())
            .andExpect(jsonPath("$.downstream.length()").value(0));
    }

    @Test
    void answersAnUnknownCityWithNotFound() throws Exception {
        mvc.perform(get("/weather").param("city", "atlantis"))
            .andExpect(status().isNotFound())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.title").value("Unknown city"))
            .andExpect(jsonPath("$.detail").value(containsString("'atlantis'")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "8", "-3", "100000000000" })
    void answersDaysOutOfRangeWithBadRequest(String days) throws Exception {
        mvc.perform(get("/weather").param("city", "shanghai").param("days", days))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.detail").value(containsString("days")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "three", "2.5", "1e3", "0x3", "+3", "#3", "٣", " 3", "03a" })
    void answersMalformedDaysWithBadRequest(String days) throws Exception {
        mvc.perform(get("/weather").param("city", "shanghai").param("days", days))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void answersInTheCallersLanguage() throws Exception {
        mvc.perform(get("/weather").param("city", "atlantis").header("Accept-Language", "zh-CN,zh;q=0.9"))
            .andExpect(status().isNotFound())
            .andExpect(jsonPath("$.title").value("未知城市"))
            .andExpect(jsonPath("$.detail").value("未知城市“atlantis”。城市列表给出了支持的 id。"));
        mvc.perform(get("/weather").param("city", "shanghai").param("days", "x").header("Accept-Language", "zh-CN"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.title").value("请求无效"))
            .andExpect(jsonPath("$.detail").value("“days”必须是整数，实际为“x”"));
        mvc.perform(get("/weather").param("city", "shanghai").param("days", "x").header("Accept-Language", "fr"))
            .andExpect(jsonPath("$.detail").value("'days' must be a whole number, was 'x'"));
    }

    @Test
    void echoesAtMost64CharactersOfAValue() throws Exception {
        String days = "9".repeat(6000);
        mvc.perform(get("/weather").param("city", "shanghai").param("days", days))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value("'days' must be a whole number, was '" + "9".repeat(64) + "…'"));
    }

    @Test
    void answersAMissingCityWithBadRequest() throws Exception {
        mvc.perform(get("/weather"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.detail").value(containsString("city")));
    }

}
