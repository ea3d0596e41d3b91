package io.weatherforecast.lessons.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a YAML file into its documents, skipping empty ones (a leading or trailing
 * {@code ---}).
 */
public final class YamlDocuments {

    private static final YAMLMapper YAML = new YAMLMapper();

    private YamlDocuments() {
    }

    /**
     * @param file relative to {@code root}, and named so in every message
     */
    public static List<ManifestDocument> read(Path root, Path file) {
        List<ManifestDocument> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> trees = YAML.readerFor(JsonNode.class).readValues(root.resolve(file).toFile())) {
            while (trees.hasNext()) {
                JsonNode tree = trees.next();
                if (tree != null && !tree.isMissingNode() && !tree.isNull()) {
                    documents.add(new ManifestDocument(file, documents.size() + 1, tree));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return documents;
    }

    public static JsonNode parse(String yaml) {
        try {
            return YAML.readTree(yaml);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
