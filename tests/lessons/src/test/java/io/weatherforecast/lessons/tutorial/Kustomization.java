package io.weatherforecast.lessons.tutorial;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.weatherforecast.lessons.cluster.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the tutorial needs of k8s/kustomization.yaml: the files it applies and the names
 * it gives their images. Its other fields are kustomize's to check: CI renders it with
 * {@code kubectl kustomize}.
 */
@JsonIgnoreProperties({ "apiVersion", "kind" })
public record Kustomization(List<String> resources, List<Image> images) {

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
     * The image Kustomize renders for {@code image} (name and tag): the name of the
     * {@code images} entry for it, the tag kept; empty without an entry.
     */
    public Optional<String> rendered(String image) {
        int tag = image.lastIndexOf(':');
        String name = (tag > image.lastIndexOf('/')) ? image.substring(0, tag) : image;
        return images.stream()
            .filter(entry -> entry.name().equals(name))
            .findFirst()
            .map(entry -> entry.newName() + image.substring(name.length()));
    }

    /** The resource with the images Kustomize renders in its Deployment's containers. */
    public Resource<?> setImages(Resource<?> resource) {
        if (resource.object() instanceof Deployment deployment) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                container.setImage(rendered(container.getImage()).orElse(container.getImage()));
            }
        }
        return resource;
    }

    /** An entry of {@code images}: the image name it matches and the one it sets. */
    public record Image(String name, String newName) {
    }

}
