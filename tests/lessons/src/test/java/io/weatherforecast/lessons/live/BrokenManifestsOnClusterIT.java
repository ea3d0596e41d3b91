package io.weatherforecast.lessons.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.TestResources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broken manifests sent to a real API server with istiod's validation webhook, as
 * {@code kubectl apply --dry-run=server}: each file's second line says whether the real
 * cluster refuses it, and with which words of its own ({@code # real cluster: refused:
 * ...}), or accepts it ({@code # real cluster: accepted}), so that the project's own
 * check is the only one that finds that defect (a route whose weights sum to 90, a
 * Deployment whose image the build does not make, ...).
 */
class BrokenManifestsOnClusterIT extends OnLocalCluster {

    private static final String REAL_CLUSTER = "# real cluster: ";

    private static final String REFUSED = "refused: ";

    @BeforeAll
    static void createTheNamespace() {
        run("kubectl apply -f k8s/namespace.yaml");
    }

    static Stream<String> brokenManifests() throws IOException {
        try (Stream<Path> files = Files.list(TestResources.root().resolve("broken"))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenManifests")
    void theRealClusterRefusesOrAcceptsItAsTheFileSays(String name) throws IOException {
        Path file = TestResources.root().resolve("broken").resolve(name);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(1)).as("second line of %s", name).startsWith(REAL_CLUSTER);
        String expected = lines.get(1).substring(REAL_CLUSTER.length());

        LocalCluster.Result result = cluster
            .shell("kubectl apply --dry-run=server -f " + ProjectFiles.root().relativize(file));

        if (expected.startsWith(REFUSED)) {
            assertThat(result.exitStatus()).as("%s was accepted: %s", name, result.output()).isNotZero();
            assertThat(result.errors()).contains(expected.substring(REFUSED.length()));
        }
        else {
            assertThat(expected).isEqualTo("accepted");
            assertThat(result.exitStatus()).as("%s was refused: %s", name, result.errors()).isZero();
        }
    }

}
