package io.weatherforecast.recommendation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.weatherforecast.liveconfig.test.ConfiguredService;
import io.weatherforecast.liveconfig.test.LiveConfiguration;
import io.weatherforecast.liveconfig.test.LiveConfigurationContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The advice rules from the {@code recommendation} ConfigMap on a real kube-apiserver,
 * read with the recommendation ServiceAccount's token and followed live (the scenario and
 * the access checks are {@link LiveConfigurationContract}'s).
 */
class LiveAdviceRulesTest extends LiveConfigurationContract {

    @RegisterExtension
    static final LiveConfiguration live = new LiveConfiguration(new AdviceTables());

    @Override
    protected LiveConfiguration live() {
        return live;
    }

    /** One rule for any day in each table, its advice the marker. */
    static final class AdviceTables implements ConfiguredService {

        private final HttpClient http = HttpClient.newHttpClient();

        @Override
        public String name() {
            return "recommendation";
        }

        @Override
        public String tables(String marker) {
            return rules(marker);
        }

        @Override
        public String invalidTables() {
            return rules("");
        }

        private static String rules(String advice) {
            return """
                    recommendation:
                      clothing:
                        - advice: { en: "%1$s", zh: "实时" }
                      sport:
                        - advice: { en: "%1$s", zh: "实时" }
                    """.formatted(advice);
        }

        @Override
        public String servedMarker(URI baseUrl) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(baseUrl.resolve("/recommendations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers
                    .ofString("{\"days\":[{\"condition\":\"sunny\",\"minTemperature\":12,\"maxTemperature\":22}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "POST /recommendations answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode advice = Serialization.jsonMapper().readTree(response.body()).path("advice").path(0);
            String clothing = advice.path("clothing").path("en").asText();
            String sport = advice.path("sport").path("en").asText();
            // the marker tables give the same advice in both; application.yml's do not
            return clothing.equals(sport) ? clothing : clothing + " / " + sport;
        }

    }

}
