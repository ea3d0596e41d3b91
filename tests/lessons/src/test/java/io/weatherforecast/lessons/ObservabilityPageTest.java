package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weatherforecast.lessons.schema.YamlDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/observability.md against what it points at: the label by which it splits the app's
 * own metrics is the one the services put on them, the Prometheus it installs is the one
 * the Rollouts analysis asks, and the optional load that feeds its dashboards names it.
 */
class ObservabilityPageTest {

    private static final Path ROOT = ProjectFiles.root();

    private static final Path PAGE = Path.of("docs", "observability.md");

    private static final Path SERVICE_DEFAULTS = Path.of("libs", "service-starter", "src", "main", "resources",
            "service-defaults.yml");

    private static final Path LOAD = Path.of("k8s", "optional", "fortio-load.yaml");

    @Test
    void theAppsRequestsAreSplitByTheVersionTagEveryServicePutsOnItsObservations() {
        JsonNode tags = YamlDocuments.read(ROOT, SERVICE_DEFAULTS)
            .getFirst()
            .tree()
            .at("/management/observations/key-values");
        List<String> labels = new ArrayList<>();
        tags.fieldNames().forEachRemaining(tag -> labels.add(tag.replace('-', '_')));
        Matcher query = Pattern.compile("sum by \\((\\w+)\\) \\(rate\\(http_server_requests_seconds_count")
            .matcher(read(PAGE));

        assertThat(query.find()).as("a query of the app's http_server_requests in %s", PAGE).isTrue();
        assertThat(query.group(1)).isIn(labels).isEqualTo("service_version");
        assertThat(tags.path("service-version").asText()).isEqualTo("${weather.service.version}");
    }

    @Test
    void thePageInstallsIstiosPrometheusKialiAndGrafanaWhichTheRolloutsAnalysisAsks() {
        String page = read(PAGE);
        assertThat(page).contains("samples/addons/prometheus.yaml", "samples/addons/kiali.yaml",
                "samples/addons/grafana.yaml");
        List<String> addresses = new ArrayList<>();
        YamlDocuments.read(ROOT, Path.of("istio", "rollouts", "analysis-template.yaml"))
            .getFirst()
            .tree()
            .at("/spec/args")
            .forEach(argument -> {
                if (argument.path("name").asText().equals("prometheus-address")) {
                    addresses.add(argument.path("value").asText());
                }
            });
        // The addon's Service: prometheus in istio-system, port 9090.
        assertThat(addresses).containsExactly("http://prometheus.istio-system:9090");
    }

    @Test
    void theOptionalLoadNamesThePageOfTheDashboardsItFeedsAndThatPageStartsIt() {
        Matcher named = Pattern.compile("docs/[\\w/-]+\\.md").matcher(read(LOAD));
        assertThat(named.find()).as("%s names the page of its dashboards", LOAD).isTrue();
        assertThat(Path.of(named.group())).isEqualTo(PAGE);
        assertThat(read(PAGE)).contains("kubectl apply -f " + LOAD);
    }

    private static String read(Path file) {
        try {
            return Files.readString(ROOT.resolve(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
