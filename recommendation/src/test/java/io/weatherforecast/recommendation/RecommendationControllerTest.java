package io.weatherforecast.recommendation;

import java.util.Collections;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(RecommendationController.class)
@Import(AdviceRulesConfiguration.class)
class RecommendationControllerTest {

    @Autowired
    MockMvc mvc;

    @Test
    void givesOnePieceOfAdvicePerDayInTheOrderOfTheDays() throws Exception {
        recommend("""
                {"days":[{"condition":"snow","minTemperature":-8,"maxTemperature":-2},
                         {"condition":"sunny","minTemperature":22,"maxTemperature":30}]}""").andExpect(status().isOk())
            .andExpect(jsonPath("$.advice.length()").value(2))
            .andExpect(jsonPath("$.advice[0].clothing.en").value(containsString("winter coat")))
            .andExpect(jsonPath("$.advice[0].sport.zh").value("滑雪、滑冰或打雪仗"))
            .andExpect(jsonPath("$.advice[1].sport.en").value("Hiking, tennis or football"))
            .andExpect(jsonPath("$.servedBy.service").value("recommendation"))
            .andExpect(header().string("X-Served-By", containsString("recommendation/v1/")));
    }

    /**
     * A mesh's retry: the try number Envoy sends goes back in the answer, for the route.
     */
    @Test
    void answersWhichTryOfTheMeshItAnswers() throws Exception {
        String day = """
                {"days":[{"condition":"rain","minTemperature":12,"maxTemperature":17}]}""";
        mvc.perform(post("/recommendations").contentType(MediaType.APPLICATION_JSON)
            .header("x-envoy-attempt-count", "2")
            .content(day)).andExpect(status().isOk()).andExpect(jsonPath("$.attempt").value(2));
        mvc.perform(post("/recommendations").contentType(MediaType.APPLICATION_JSON)
            .header("x-envoy-attempt-count", "lots")
            .content(day)).andExpect(status().isOk()).andExpect(jsonPath("$.attempt").doesNotExist());
        recommend(day).andExpect(status().isOk()).andExpect(jsonPath("$.attempt").doesNotExist());
    }

    @Test
    void rejectsAnUnknownConditionCodeNamingTheFieldAndTheAcceptedCodes() throws Exception {
        recommend("""
                {"days":[{"condition":"hail","minTemperature":1,"maxTemperature":5}]}""")
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.detail").value(
                    "Invalid value 'hail' at days[0].condition: expected one of sunny, cloudy, rain, snow, storm, fog"));
    }

    @Test
    void rejectsARequestWithoutDays() throws Exception {
        recommend("{\"days\":[]}").andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value("days: must not be empty"));
    }

    @Test
    void rejectsADayWithoutCondition() throws Exception {
        recommend("""
                {"days":[{"minTemperature":1,"maxTemperature":5}]}""").andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value("days[0].condition: must not be null"));
    }

    @Test
    void rejectsAnImpossibleTemperature() throws Exception {
        recommend("""
                {"days":[{"condition":"sunny","minTemperature":1,"maxTemperature":500}]}""")
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value(containsString("days[0].maxTemperature")));
    }

    @Test
    void rejectsATemperatureThatIsNotANumber() throws Exception {
        recommend("""
                {"days":[{"condition":"sunny","minTemperature":"warm","maxTemperature":20}]}""")
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value(containsString("days[0].minTemperature")));
    }

    @Test
    void rejectsMalformedJsonWithoutEchoingAStackTrace() throws Exception {
        recommend("{\"days\": [").andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.detail").value("The request body is not valid JSON for this endpoint"));
    }

    @Test
    void rejectsAnotherMediaTypeWithUnsupportedMediaType() throws Exception {
        mvc.perform(post("/recommendations").contentType(MediaType.TEXT_PLAIN).content("rain"))
            .andExpect(status().isUnsupportedMediaType())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"condition\":0,\"minTemperature\":1,\"maxTemperature\":5}",
            "{\"condition\":\"rain\",\"minTemperature\":1.5,\"maxTemperature\":5}",
            "{\"condition\":\"rain\",\"minTemperature\":\"1\",\"maxTemperature\":5}",
            "{\"condition\":\"rain\",\"minTemperature\":null,\"maxTemperature\":5}",
            "{\"condition\":\"rain\",\"minTemperature\":true,\"maxTemperature\":5}" })
    void readsOnlyCodesAndWholeNumbers(String day) throws Exception {
        recommend("{\"days\":[" + day + "]}").andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.detail").value(containsString("days[0].")));
    }

    @Test
    void rejectsALowestTemperatureAboveTheHighest() throws Exception {
        recommend("""
                {"days":[{"condition":"rain","minTemperature":20,"maxTemperature":14}]}""")
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value(containsString("minTemperature must not be above maxTemperature")));
    }

    @Test
    void rejectsMoreThan14Days() throws Exception {
        String day = "{\"condition\":\"rain\",\"minTemperature\":1,\"maxTemperature\":5}";
        recommend("{\"days\":[" + String.join(",", Collections.nCopies(15, day)) + "]}")
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value(containsString("days: size must be between 0 and 14")));
    }

    @Test
    void echoesAtMost64CharactersOfALongCondition() throws Exception {
        String condition = "x".repeat(3000);
        recommend("{\"days\":[{\"condition\":\"" + condition + "\",\"minTemperature\":1,\"maxTemperature\":5}]}")
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value(containsString("'" + "x".repeat(64) + "…'")));
    }

    private ResultActions recommend(String json) throws Exception {
        return mvc.perform(post("/recommendations").contentType(MediaType.APPLICATION_JSON).content(json));
    }

}
