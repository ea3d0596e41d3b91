package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import io.weatherforecast.lessons.cluster.ManifestFiles;
import io.weatherforecast.lessons.schema.Problem;
import io.weatherforecast.lessons.schema.YamlDocuments;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestSchemaTest {

    @Test
    void everyDocumentUnderK8sAndIstioPassesTheStrictSchemaChecks() {
        var manifests = new ManifestFiles(ProjectFiles.root());
        List<Path> files = java.util.stream.Stream
            .concat(ProjectFiles.manifests().stream(), ProjectFiles.securityManifests().stream())
            .toList();

        assertThat(ProjectFiles.securityManifests()).isNotEmpty();

        List<Problem> problems = files.stream().flatMap(file -> manifests.problems(file).stream()).toList();

        assertThat(problems).isEmpty();
        assertThat(files).allSatisfy(file -> assertThat(YamlDocuments.read(ProjectFiles.root(), file)).isNotEmpty());
    }

    @Test
    void reportsEveryProblemOfAFileWithItsFileDocumentAndPath() throws URISyntaxException {
        Path resources = Path.of(getClass().getResource("/schema").toURI()).getParent();

        List<String> problems = new ManifestFiles(resources).problems(Path.of("schema", "five-defects.yaml"))
            .stream()
            .map(Problem::toString)
            .toList();

        assertThat(problems).containsExactly(
                "schema/five-defects.yaml, document 1 (Service forecast) at /spec/ports/0/port: Instance type (string)"
                        + " does not match any allowed primitive type (allowed: [\"integer\"])",
                "schema/five-defects.yaml, document 1 (Service forecast) at /spec/type: Instance value (\"ClusterIPP\")"
                        + " not found in enum (possible values: [\"ClusterIP\",\"ExternalName\",\"LoadBalancer\",\"NodePort\"])",
                "schema/five-defects.yaml, document 2 (VirtualService forecast-route) at /spec/http/0/routes:"
                        + " unknown field 'routes', expected one of [corsPolicy, delegate, directResponse, fault, headers,"
                        + " match, mirror, mirrorPercent, mirrorPercentage, mirrors, name, redirect, retries, rewrite, route,"
                        + " timeout]",
                "schema/five-defects.yaml, document 2 (VirtualService forecast-route) at /spec/http/1/route/0/weight:"
                        + " wrong type: expected a number, got a string \"50\" (a quoted number)",
                "schema/five-defects.yaml, document 2 (VirtualService forecast-route) at /spec/http/1/timeout:"
                        + " wrong type: expected a string, got a number 3");
    }

}
