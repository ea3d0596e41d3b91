package io.weatherforecast.advertisement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdvertisementApplicationTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyCityGetsAnAdFromTheShippedCatalogue() throws Exception {
        for (String city : new String[] { "beijing", "singapore", "reykjavik", "sydney", "dubai" }) {
            HttpResponse<String> response = get("/ad?city=" + city);
            assertThat(response.statusCode()).as(city).isEqualTo(200);
            assertThat(response.body()).contains("\"link\":\"https://example.com/");
        }
    }

    @Test
    void isReadyAndExposesPrometheusMetrics() throws Exception {
        assertThat(get("/actuator/health/readiness").body()).contains("\"UP\"");
        assertThat(get("/actuator/prometheus").body()).contains("http_server_requests");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
