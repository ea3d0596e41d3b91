package io.weatherforecast.lessons.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weatherforecast.lessons.schema.ManifestDocument;
import io.weatherforecast.lessons.schema.YamlDocuments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A module's own application.yml: its first document, the one that applies everywhere,
 * with the files it imports from the classpath ({@code spring.config.import:
 * classpath:NAME}, found in the resources of exactly one module of the project) laid over
 * it as Spring Boot does: an imported file's values win over the importing one's.
 * frontend and frontend-v2 both import frontend.yml, the frontend's settings.
 */
public record ModuleConfiguration(Path file, JsonNode tree) {

    private static final Path RESOURCES = Path.of("src", "main", "resources");

    public static ModuleConfiguration of(Path root, String module) {
        Path file = Path.of(module).resolve(RESOURCES).resolve("application.yml");
        ObjectNode tree = firstDocument(root, file).deepCopy();
        for (String location : imports(tree)) {
            merge(tree, firstDocument(root, imported(root, file, location)));
        }
        return new ModuleConfiguration(file, tree);
    }

    public int serverPort() {
        return tree.path("server").path("port").asInt();
    }

    /** The top-level section {@code name} alone, as a document of its own. */
    public JsonNode section(String name) {
        return ((ObjectNode) tree.deepCopy()).retain(name);
    }

    private static JsonNode firstDocument(Path root, Path file) {
        return YamlDocuments.read(root, file).stream().findFirst().map(ManifestDocument::tree).orElseThrow();
    }

    private static List<String> imports(JsonNode tree) {
        JsonNode imports = tree.path("spring").path("config").path("import");
        Stream<JsonNode> entries = imports.isArray() ? StreamSupport.stream(imports.spliterator(), false)
                : Stream.of(imports).filter(JsonNode::isTextual);
        // other locations (optional:kubernetes:, a ConfigMap) are not files of the
        // project
        return entries.flatMap(entry -> Stream.of(entry.asText().split(",")))
            .map(String::strip)
            .filter(location -> location.startsWith("classpath:"))
            .toList();
    }

    private static Path imported(Path root, Path importing, String location) {
        Path name = Path.of(location.substring("classpath:".length()).replaceFirst("^/", ""));
        List<Path> found;
        try (Stream<Path> modules = Files.list(root)) {
            found = modules.map(module -> root.relativize(module).resolve(RESOURCES).resolve(name))
                .filter(candidate -> Files.isRegularFile(root.resolve(candidate)))
                .toList();
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot list the modules of " + root, ex);
        }
        if (found.size() != 1) {
            throw new IllegalStateException(importing + " imports " + location + ", found in " + found);
        }
        return found.getFirst();
    }

    private static void merge(ObjectNode into, JsonNode over) {
        over.properties().forEach(entry -> {
            JsonNode existing = into.get(entry.getKey());
            if (existing instanceof ObjectNode object && entry.getValue().isObject()) {
                merge(object, entry.getValue());
            }
            else {
                into.set(entry.getKey(), entry.getValue().deepCopy());
            }
        });
    }
}
