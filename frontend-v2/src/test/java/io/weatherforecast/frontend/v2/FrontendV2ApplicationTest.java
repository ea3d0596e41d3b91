package io.weatherforecast.frontend.v2;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.weatherforecast.frontend.FrontendApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frontend v2 is frontend v1's application with v1's page and a look of its own: what its
 * jar serves, on a real port.
 */
@SpringBootTest(classes = FrontendApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FrontendV2ApplicationTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheNewLookInPlaceOfVersionOnes() throws Exception {
        HttpResponse<String> look = get("/look.css");

        assertThat(look.statusCode()).isEqualTo(200);
        assertThat(look.body()).contains("Frontend v2's look")
            .contains("grid-template-areas")
            .contains("color-scheme: dark");
    }

    @Test
    void servesVersionOnesPageAndStylesUnderTheLook() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("href=\"styles.css\"", "href=\"look.css\"", "id=\"route-paths\"",
                "id=\"canary-form\"", "id=\"lang-switch\"");
        assertThat(get("/styles.css").body()).contains("--v1:");
        assertThat(get("/app.js").statusCode()).isEqualTo(200);
        assertThat(get("/i18n.js").statusCode()).isEqualTo(200);
    }

    @Test
    void saysItIsVersionTwo() throws Exception {
        assertThat(get("/actuator/info").body()).contains("\"version\":\"v2\"");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
