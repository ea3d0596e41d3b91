package io.weatherforecast.lessons.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * One YAML document of a manifest file, as written: {@code number} counts from 1 within
 * the file.
 */
public record ManifestDocument(Path file, int number, JsonNode tree) {

    public String apiVersion() {
        return tree.path("apiVersion").asText();
    }

    public String kind() {
        return tree.path("kind").asText();
    }

    public String name() {
        return tree.path("metadata").path("name").asText();
    }

    @Override
    public String toString() {
        return file + ", document " + number + " (" + kind() + " " + name() + ")";
    }
}
