package io.weatherforecast.lessons;

import io.weatherforecast.lessons.tutorial.TutorialLanguage;
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

    public static final Path TUTORIAL = TutorialLanguage.ENGLISH.file();

    /** The security lesson, applied on top of the tutorial's last step. */
    public static final Path SECURITY = Path.of("docs", "security.md");

    /** The policies of the security lesson. */
    public static final String SECURITY_FOLDER = "istio/security";

    /** A page per scenario of the traffic-management catalogue, and its index. */
    public static final Path SCENARIO_PAGES = Path.of("docs", "scenarios");

    public static final String SCENARIO_INDEX = "README.md";

    /** The rule files of the scenarios, a folder each. */
    public static final Path SCENARIO_RULES = Path.of("istio", "scenarios");

    /**
     * A folder, under k8s/ or istio/, of manifests that no tutorial step applies: add-ons
     * a user starts on purpose (the fortio load). They are checked like every other
     * manifest.
     */
    public static final String OPTIONAL_FOLDER = "optional";

    /**
     * The rules of the chapters that follow the tutorial (docs/gateway-api.md,
     * docs/rollouts.md), under istio/ but with kinds of their own projects: checked by
     * ChapterSchemaTest and their on-cluster tests, not as the tutorial's manifests.
     */
    public static final List<Path> CHAPTER_FOLDERS = List.of(Path.of("istio", "gateway-api"),
            Path.of("istio", "rollouts"));

    private static final String KUSTOMIZATION = "kustomization.yaml";

    private ProjectFiles() {
    }

    public static Path root() {
        return Path.of(System.getProperty("weather.root", "../..")).toAbsolutePath().normalize();
    }

    /**
     * Every manifest under k8s/ and istio/ and their folders (the scenarios' rules in
     * istio/scenarios/NAME/) but the chapters', relative to the root; kustomization.yaml
     * is kustomize's, not one.
     */
    public static List<Path> manifests() {
        return MANIFEST_FOLDERS.stream()
            .flatMap(folder -> yamlFilesIn(root().resolve(folder)))
            .filter(file -> !file.getFileName().toString().equals(KUSTOMIZATION))
            .map(file -> root().relativize(file))
            .filter(file -> CHAPTER_FOLDERS.stream().noneMatch(file::startsWith))
            .sorted()
            .toList();
    }

    /**
     * Every manifest of the security lesson, under istio/security/, relative to the root.
     */
    public static List<Path> securityManifests() {
        return yamlFilesIn(root().resolve(SECURITY_FOLDER)).map(file -> root().relativize(file)).sorted().toList();
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

    /** Every file of the chapters' folders, relative to the root. */
    public static List<Path> chapterManifests() {
        return CHAPTER_FOLDERS.stream()
            .flatMap(folder -> yamlFilesIn(root().resolve(folder)))
            .map(file -> root().relativize(file))
            .sorted()
            .toList();
    }

    private static Stream<Path> yamlFilesIn(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                .toList()
                .stream();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
