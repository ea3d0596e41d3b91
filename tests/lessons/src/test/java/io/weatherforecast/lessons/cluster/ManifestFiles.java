package io.weatherforecast.lessons.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.weatherforecast.lessons.schema.ManifestDocument;
import io.weatherforecast.lessons.schema.Problem;
import io.weatherforecast.lessons.schema.SchemaValidator;
import io.weatherforecast.lessons.schema.YamlDocuments;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads manifest files into model objects, refusing any file whose documents fail the
 * strict schema checks.
 */
public final class ManifestFiles {

    private final SchemaValidator validator = new SchemaValidator();

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    private final Path root;

    public ManifestFiles(Path root) {
        this.root = root;
    }

    public List<Problem> problems(Path file) {
        return YamlDocuments.read(root, file)
            .stream()
            .flatMap(document -> validator.validate(document).stream())
            .toList();
    }

    /**
     * @throws InvalidManifestException listing every schema problem of the file
     */
    public List<Resource<?>> read(Path file) {
        List<Problem> problems = problems(file);
        if (!problems.isEmpty()) {
            throw new InvalidManifestException(problems);
        }
        return YamlDocuments.read(root, file).stream().<Resource<?>>map(this::resource).toList();
    }

    /**
     * A fresh object for each read, so that applying it (setting a namespace) changes no
     * other step's copy.
     */
    private Resource<HasMetadata> resource(ManifestDocument document) {
        return new Resource<>(document, serialization.unmarshal(document.tree().toString(), HasMetadata.class));
    }

}
