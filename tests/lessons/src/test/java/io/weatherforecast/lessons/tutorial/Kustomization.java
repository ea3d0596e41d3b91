package io.weatherforecast.lessons.tutorial;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the tutorial needs of k8s/kustomization.yaml: the files it applies and the image
 * registry it sets. Its other fields are kustomize's to check: CI renders it with
 * {@code kubectl kustomize}.
 */
@JsonIgnoreProperties({ "apiVersion", "kind", "replacements" })
public record Kustomization(List<String> resources, List<Generator> configMapGenerator) {

    public static final String REGISTRY_GENERATOR = "image-registry";

    private static final String REGISTRY_LITERAL = "registry=";

    private static final YAMLMapper YAML = YAMLMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    public static Kustomization read(Path file) {
        try {
            return YAML.readValue(file.toFile(), Kustomization.class);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    public List<Path> files(Path directory) {
        return resources.stream().map(directory::resolve).toList();
    }

    /**
     * The registry that every Deployment image gets, from the {@code image-registry}
     * generator.
     */
    public String imageRegistry() {
        return configMapGenerator.stream()
            .filter(generator -> generator.name().equals(REGISTRY_GENERATOR))
            .flatMap(generator -> generator.literals().stream())
            .filter(literal -> literal.startsWith(REGISTRY_LITERAL))
            .map(literal -> literal.substring(REGISTRY_LITERAL.length()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException(
                    "no " + REGISTRY_GENERATOR + " generator with " + REGISTRY_LITERAL));
    }

    @JsonIgnoreProperties("options")
    public record Generator(String name, List<String> literals) {
    }
}
