package io.weatherforecast.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The project's files, found from the repository root that Maven passes in
 * {@code weather.root}.
 */
public final class ProjectFiles {

    public static final List<String> MANIFEST_FOLDERS = List.of("k8s", "istio");

    public static final Path TUTORIAL = Path.of("docs", "tutorial.md");

    /**
     * A folder, under k8s/ or istio/, of manifests that no tutorial step applies: add-ons
     * a user starts on purpose (the fortio load). They are checked like every other
     * manifest.
     */
    public static final String OPTIONAL_FOLDER = "optional";

    private static final String KUSTOMIZATION = "kustomization.yaml";

    private ProjectFiles() {
    }

    public static Path root() {
        return Path.of(System.getProperty("weather.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * Every manifest under k8s/ and istio/ and their folders, relative to the root;
     * kustomization.yaml is kustomize's, not one.
     */
    public static List<Path> manifests() {
        return MANIFEST_FOLDERS.stream()
            .flatMap(folder -> yamlFilesIn(root().resolve(folder)))
            .filter(file -> !file.getFileName().toString().equals(KUSTOMIZATION))
            .map(file -> root().relativize(file))
            .sorted()
            .toList();
    }

    /** The manifests that some tutorial step must apply: all but the optional ones. */
    public static List<Path> tutorialManifests() {
        return manifests().stream().filter(file -> !isOptional(file)).toList();
    }

    public static boolean isOptional(Path manifest) {
        for (Path part : manifest) {
            if (part.toString().equals(OPTIONAL_FOLDER)) {
                return true;
            }
        }
        return false;
    }

    public static Path kustomization(Path directory) {
        return directory.resolve(KUSTOMIZATION);
    }

    private static Stream<Path> yamlFilesIn(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                .toList()
                .stream();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
