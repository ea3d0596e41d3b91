package io.weatherforecast.lessons.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.live.LocalCluster.Result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cluster's build finds the sources it copies from (Istio's CRDs, KWOK's stages, the
 * Argo Rollouts module) in the Go module cache. On a new machine that cache is empty:
 * every lookup must download what it needs, and one that cannot must stop the build with
 * the module's name instead of handing an empty path to cp. Asked here against an empty
 * module cache of the test's own, so that CI on any machine sees what a new one would.
 */
class GoModuleLookupTest {

    @TempDir
    Path temporary;

    private Map<String, String> emptyCaches;

    @BeforeEach
    void useEmptyGoCaches() throws IOException {
        boolean go = LocalCluster.run(List.of("go", "version"), Map.of(), 30).succeeded();
        assumeTrue(go || "true".equals(System.getenv("CI")), "Go is not installed: the cluster cannot be built");
        this.emptyCaches = Map.of("GOMODCACHE", Files.createDirectory(this.temporary.resolve("mod")).toString(),
                "GOCACHE", Files.createDirectory(this.temporary.resolve("build")).toString());
    }

    @AfterEach
    void removeTheModuleCache() {
        if (this.emptyCaches != null) {
            // the module cache is read-only; the go command knows how to remove it
            LocalCluster.run(List.of("go", "clean", "-modcache"), this.emptyCaches, 60);
        }
    }

    @Test
    void downloadsAModuleAtTheVersionThatAClusterModulePinsIntoAnEmptyCache() {
        Result lookup = lookUp("sigs.k8s.io/yaml", "promql");

        assertThat(lookup.succeeded()).as(lookup.errors()).isTrue();
        assertThat(Path.of(lookup.output().strip())).startsWith(this.temporary.resolve("mod"))
            .endsWith(Path.of("sigs.k8s.io", "yaml@v1.6.0"))
            .isDirectory()
            .satisfies(dir -> assertThat(dir.resolve("go.mod")).isRegularFile());
    }

    @Test
    void downloadsAModuleAtAGivenVersionIntoAnEmptyCache() {
        Result lookup = lookUp("sigs.k8s.io/yaml@v1.6.0");

        assertThat(lookup.succeeded()).as(lookup.errors()).isTrue();
        assertThat(Path.of(lookup.output().strip())).startsWith(this.temporary.resolve("mod")).isDirectory();
    }

    @Test
    void stopsNamingTheModuleWhenItCannotBeDownloaded() {
        Result lookup = lookUp("sigs.k8s.io/yaml@v0.0.0-20000101000000-000000000000");

        assertThat(lookup.succeeded()).isFalse();
        assertThat(lookup.output()).isEmpty();
        assertThat(lookup.errors()).contains("could not download the Go module sigs.k8s.io/yaml@v0.0.0-");
    }

    @Test
    void noScriptAsksGoListForAModuleDirectoryWhichIsEmptyWhenTheModuleWasNeverDownloaded() throws IOException {
        Path root = ProjectFiles.root();
        Path ci = root.resolve(".ci/run");
        try (Stream<Path> files = Stream.concat(Files.walk(root.resolve("scripts")), Stream.of(ci))) {
            assertThat(files.filter(Files::isRegularFile).filter(GoModuleLookupTest::isScript))
                .allSatisfy(script -> assertThat(Files.readString(script)).as("%s", root.relativize(script))
                    .doesNotContainPattern("go list -m\\b"));
        }
    }

    private Result lookUp(String... arguments) {
        return LocalCluster.run(
                Stream.concat(Stream.of("scripts/cluster.sh", "module-dir"), Stream.of(arguments)).toList(),
                this.emptyCaches, 120);
    }

    private static boolean isScript(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".sh") || !name.contains(".");
    }

}
