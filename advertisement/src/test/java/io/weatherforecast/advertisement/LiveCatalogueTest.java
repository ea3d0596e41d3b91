package io.weatherforecast.advertisement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.weatherforecast.liveconfig.test.ConfiguredService;
import io.weatherforecast.liveconfig.test.LiveConfiguration;
import io.weatherforecast.liveconfig.test.LiveConfigurationContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ad catalogue from the {@code advertisement} ConfigMap on a real kube-apiserver,
 * read with the advertisement ServiceAccount's token and followed live (the scenario and
 * the access checks are {@link LiveConfigurationContract}'s).
 */
class LiveCatalogueTest extends LiveConfigurationContract {

    @RegisterExtension
    static final LiveConfiguration live = new LiveConfiguration(new Catalogue());

    @Override
    protected LiveConfiguration live() {
        return live;
    }

    /** A catalogue of one ad for any weather, its id the marker. */
    static final class Catalogue implements ConfiguredService {

        private final HttpClient http = HttpClient.newHttpClient();

        @Override
        public String name() {
            return "advertisement";
        }

        @Override
        public String tables(String marker) {
            return catalogue(marker, marker);
        }

        @Override
        public String invalidTables() {
            return catalogue("blank-title", "");
        }

        private static String catalogue(String id, String title) {
            return """
                    advertisement:
                      ads:
                        - id: %s
                          title: { en: "%s", zh: "实时" }
                          text: { en: "From the ConfigMap", zh: "来自 ConfigMap" }
                          link: https://example.com/%1$s
                    """.formatted(id, title);
        }

        @Override
        public String servedMarker(URI baseUrl) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(baseUrl.resolve("/ad?city=paris")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /ad answered " + response.statusCode() + ": " + response.body());
            }
            return Serialization.jsonMapper().readTree(response.body()).path("ad").path("id").asText();
        }

    }

}
