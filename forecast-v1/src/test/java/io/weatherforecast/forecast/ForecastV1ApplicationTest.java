package io.weatherforecast.forecast;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForecastV1ApplicationTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersTheWeatherAsVersion1() throws Exception {
        HttpResponse<String> response = get("/weather?city=singapore&days=2");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"version\":\"v1\"").doesNotContain("advice");
        assertThat(response.headers().firstValue("X-Served-By")).hasValueSatisfying(v -> assertThat(v).startsWith("forecast/v1/"));
    }

    @Test
    void isReadyAndShowsItsVersionAndBuild() throws Exception {
        assertThat(get("/actuator/health/readiness").body()).contains("\"UP\"");
        assertThat(get("/actuator/info").body()).contains("\"version\":\"v1\"", "\"artifact\":\"forecast-v1\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
