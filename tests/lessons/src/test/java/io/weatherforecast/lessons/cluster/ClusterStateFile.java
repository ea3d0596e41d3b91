package io.weatherforecast.lessons.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Namespaced;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A cluster state as one multi-document YAML file, each object as written with its
 * namespace filled in: what {@code istioctl analyze --use-kube=false} reads
 * (scripts/istio-analyze.sh).
 */
public final class ClusterStateFile {

    private static final YAMLMapper YAML = new YAMLMapper();

    private ClusterStateFile() {
    }

    /** Creates the folder for a run's state files, or empties it of an earlier run's. */
    public static void emptyFolder(Path folder) {
        try {
            Files.createDirectories(folder);
            try (Stream<Path> old = Files.list(folder)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static void write(Path file, String title, ClusterState state) {
        StringBuilder documents = new StringBuilder("# " + title + "\n");
        try {
            for (Resource<?> resource : state.all()) {
                documents.append(YAML.writeValueAsString(tree(resource)));
            }
            Files.writeString(file, documents);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The object as written, with the namespace kubectl gave it. */
    public static ObjectNode tree(Resource<?> resource) {
        ObjectNode tree = resource.source().tree().deepCopy();
        if (resource.object() instanceof Namespaced) {
            tree.withObjectProperty("metadata").put("namespace", resource.namespace());
        }
        return tree;
    }

}
