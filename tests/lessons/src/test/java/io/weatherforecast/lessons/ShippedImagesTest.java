package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weatherforecast.lessons.rules.ImageReferenceRule;
import io.weatherforecast.lessons.schema.ManifestDocument;
import io.weatherforecast.lessons.schema.Problem;
import io.weatherforecast.lessons.schema.YamlDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every YAML file the project ships, wherever it is (the tutorial's, the chapters', the
 * optional ones), passes the image rule: each container of each document, whatever its
 * kind (Deployment, Rollout, Job), names an image that cannot resolve to a stranger's
 * namespace. The rule itself is {@link ImageReferenceRule}; the consistency rules apply
 * it to the tutorial's states, this to every file.
 */
class ShippedImagesTest {

    /**
     * Folders that hold no shipped file: build output, sources and test data, tools' own.
     */
    private static final Set<String> NOT_SHIPPED = Set.of("target", "src", "node_modules");

    private static final Set<String> CONTAINER_LISTS = Set.of("containers", "initContainers", "ephemeralContainers");

    @Test
    void everyContainerOfEveryShippedYamlFileNamesAnImageTheImageRuleAccepts() {
        List<Problem> problems = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (Path file : shippedYamlFiles()) {
            for (ManifestDocument document : YamlDocuments.read(ProjectFiles.root(), file)) {
                images(document.tree(), "").forEach(image -> {
                    kinds.add(document.kind());
                    ImageReferenceRule.problem(image.reference())
                        .ifPresent(message -> problems.add(new Problem(document, image.path(), message)));
                });
            }
        }

        assertThat(problems).isEmpty();
        assertThat(kinds).as("the kinds whose images were checked").contains("Deployment", "Rollout", "Job");
    }

    private static List<Path> shippedYamlFiles() {
        Path root = ProjectFiles.root();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                .map(root::relativize)
                .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                .filter(ShippedImagesTest::shipped)
                .sorted()
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static boolean shipped(Path file) {
        for (Path part : file.getParent() == null ? Path.of("") : file.getParent()) {
            String name = part.toString();
            if (name.startsWith(".") || NOT_SHIPPED.contains(name)) {
                return false;
            }
        }
        return true;
    }

    /** The image of every container in {@code node}, with its JSON pointer. */
    private static Stream<Image> images(JsonNode node, String path) {
        if (node.isArray()) {
            List<Image> images = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                images.addAll(images(node.get(i), path + "/" + i).toList());
            }
            return images.stream();
        }
        if (!node.isObject()) {
            return Stream.empty();
        }
        List<Image> images = new ArrayList<>();
        node.properties().forEach(field -> {
            String fieldPath = path + "/" + field.getKey();
            if (CONTAINER_LISTS.contains(field.getKey()) && field.getValue().isArray()) {
                for (int i = 0; i < field.getValue().size(); i++) {
                    JsonNode image = field.getValue().get(i).path("image");
                    if (image.isTextual()) {
                        images.add(new Image(image.asText(), fieldPath + "/" + i + "/image"));
                    }
                }
            }
            else {
                images.addAll(images(field.getValue(), fieldPath).toList());
            }
        });
        return images.stream();
    }

    private record Image(String reference, String path) {
    }

}
