package io.weatherforecast.manifests.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weatherforecast.manifests.schema.ManifestDocument;
import io.weatherforecast.manifests.schema.YamlDocuments;
import java.nio.file.Path;

/**
 * A module's own application.yml: its first document, the one that applies everywhere.
 */
public record ModuleConfiguration(Path file, JsonNode tree) {

    public static ModuleConfiguration of(Path root, String module) {
        Path file = Path.of(module, "src", "main", "resources", "application.yml");
        return new ModuleConfiguration(file,
                YamlDocuments.read(root, file).stream().findFirst().map(ManifestDocument::tree).orElseThrow());
    }

    public int serverPort() {
        return tree.path("server").path("port").asInt();
    }

    /** The top-level section {@code name} alone, as a document of its own. */
    public JsonNode section(String name) {
        return ((ObjectNode) tree.deepCopy()).retain(name);
    }
}
