package io.weatherforecast.recommendation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecommendationApplicationTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersAdviceOverHttpWithItsIdentity() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/recommendations"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("""
                    {"days":[{"condition":"rain","minTemperature":12,"maxTemperature":17}]}"""))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Light raincoat and an umbrella", "\"version\":\"v1\"");
        assertThat(response.headers().firstValue("X-Served-By")).hasValueSatisfying(v -> assertThat(v).startsWith("recommendation/v1/"));
    }

    @Test
    void isReadyAndExposesPrometheusMetricsAndItsVersion() throws Exception {
        assertThat(get("/actuator/health/readiness").body()).contains("\"UP\"");
        assertThat(get("/actuator/health/liveness").body()).contains("\"UP\"");
        assertThat(get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
        assertThat(get("/actuator/info").body()).contains("\"version\":\"v1\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
