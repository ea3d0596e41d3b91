package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import io.weatherforecast.lessons.schema.CrdSchemaValidator;
import io.weatherforecast.lessons.schema.ManifestDocument;
import io.weatherforecast.lessons.schema.Problem;
import io.weatherforecast.lessons.schema.SchemaValidator;
import io.weatherforecast.lessons.schema.YamlDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The strict schema checks of the chapters' files (istio/gateway-api/, istio/rollouts/):
 * Kubernetes and Istio kinds as under k8s/ and istio/, the Gateway API's and Argo
 * Rollouts' kinds against those projects' own CRDs, which
 * {@code scripts/cluster.sh build} keeps (the test is skipped without them, except in CI,
 * where .ci/run builds them first).
 */
class ChapterSchemaTest {

    private static final Set<String> CUSTOM_KINDS = Set.of("Gateway", "HTTPRoute", "Rollout", "AnalysisTemplate");

    private static CrdSchemaValidator crds;

    @BeforeAll
    static void readCrds() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("scripts/cluster.sh", "crds").directory(ProjectFiles.root().toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<Path> files = output.lines().map(Path::of).toList();
        if (process.waitFor() != 0 || files.isEmpty() || !files.stream().allMatch(Files::isRegularFile)) {
            String message = "The CRDs of the Gateway API and Argo Rollouts are not there (" + output.strip()
                    + "): run scripts/cluster.sh build";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        crds = new CrdSchemaValidator(files);
    }

    @Test
    void everyDocumentOfTheChaptersPassesTheStrictSchemaChecks() {
        SchemaValidator kubernetesAndIstio = new SchemaValidator();
        List<Problem> problems = new ArrayList<>();
        List<String> checkedAgainstCrds = new ArrayList<>();
        for (Path file : ProjectFiles.chapterManifests()) {
            for (ManifestDocument document : YamlDocuments.read(ProjectFiles.root(), file)) {
                if (crds.knows(document)) {
                    checkedAgainstCrds.add(document.kind());
                    problems.addAll(crds.validate(document).orElseThrow());
                }
                else {
                    problems.addAll(kubernetesAndIstio.validate(document));
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checkedAgainstCrds).containsAll(CUSTOM_KINDS);
    }

    @Test
    void reportsEveryDefectOfACustomKindWithItsPath() throws URISyntaxException {
        Path resources = Path.of(getClass().getResource("/schema").toURI()).getParent();
        List<String> problems = YamlDocuments.read(resources, Path.of("schema", "chapter-defects.yaml"))
            .stream()
            .flatMap(document -> crds.validate(document).orElseThrow().stream())
            .map(Problem::toString)
            .toList();

        assertThat(problems).containsExactly(
                "schema/chapter-defects.yaml, document 1 (HTTPRoute forecast-route) at /spec/rules/0/backendRefs/0/weight:"
                        + " expected an integer, got a string \"50\"",
                "schema/chapter-defects.yaml, document 1 (HTTPRoute forecast-route) at /spec/rules/0/backendRefs/1/weight:"
                        + " more than the maximum 1000000",
                "schema/chapter-defects.yaml, document 1 (HTTPRoute forecast-route) at /spec/rules/0/backendRef:"
                        + " unknown field 'backendRef', expected one of [backendRefs, filters, matches, name, timeouts]",
                "schema/chapter-defects.yaml, document 2 (Rollout forecast) at /spec/strategy/canary/trafficRouting/istio/destinationRule:"
                        + " missing required field 'stableSubsetName'",
                "schema/chapter-defects.yaml, document 2 (Rollout forecast) at /spec/strategy/canary/steps/0/setWieght:"
                        + " unknown field 'setWieght', expected one of [analysis, experiment, pause, plugin, setCanaryScale, setHeaderRoute, setMirrorRoute, setWeight]",
                "schema/chapter-defects.yaml, document 3 (AnalysisTemplate forecast-canary-health) at /spec/metrics/0/failureLimit:"
                        + " expected an integer or a string, got a boolean true");
    }

}
