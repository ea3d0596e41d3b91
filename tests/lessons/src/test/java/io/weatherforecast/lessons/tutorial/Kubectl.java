package io.weatherforecast.lessons.tutorial;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.cluster.ClusterState;
import io.weatherforecast.lessons.cluster.ManifestFiles;
import io.weatherforecast.lessons.cluster.Resource;
import io.weatherforecast.lessons.cluster.ResourceKey;
import io.weatherforecast.lessons.schema.ManifestDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What a tutorial command does to the cluster's objects, failing where kubectl would. */
public final class Kubectl {

    /** The namespace of the current kubectl context when no -n is given. */
    static final String DEFAULT_NAMESPACE = "default";

    private static final Map<String, String> KINDS = Map.of("deployment", "Deployment", "deploy", "Deployment");

    private final Path root;

    private final ManifestFiles manifests;

    public Kubectl(Path root) {
        this.root = root;
        this.manifests = new ManifestFiles(root);
    }

    public ClusterState run(Command command, ClusterState state) {
        return switch (command) {
            case Command.ApplyFiles apply ->
                state.apply(apply.files().stream().flatMap(file -> read(file, apply.namespace()).stream()).toList());
            case Command.ApplyKustomization apply -> {
                Kustomization kustomization = Kustomization
                    .read(root.resolve(ProjectFiles.kustomization(apply.directory())));
                yield state.apply(kustomization.files(apply.directory())
                    .stream()
                    .flatMap(file -> read(file, Optional.empty()).stream())
                    .map(kustomization::setImages)
                    .toList());
            }
            case Command.Delete delete ->
                state.delete(new ResourceKey(kind(delete.kind()), delete.namespace(), delete.name()));
            case Command.DeleteFiles delete -> {
                ClusterState next = state;
                for (Path file : delete.files()) {
                    for (Resource<?> resource : read(file, Optional.empty())) {
                        next = next.delete(resource.key());
                    }
                }
                yield next;
            }
            case Command.Scale scale -> scale(state, scale);
            case Command.ReadOnly ignored -> state;
        };
    }

    /**
     * The objects of a file as kubectl applies them: -n fills in a missing namespace and
     * must match a given one.
     */
    private List<Resource<?>> read(Path file, Optional<String> namespaceOption) {
        List<Resource<?>> resources = manifests.read(file);
        for (Resource<?> resource : resources) {
            if (!(resource.object() instanceof Namespaced)) {
                continue;
            }
            String written = resource.namespace();
            if (written != null && namespaceOption.isPresent() && !written.equals(namespaceOption.get())) {
                throw new IllegalArgumentException(resource + ": the namespace from the provided object \"" + written
                        + "\" does not match the namespace \"" + namespaceOption.get() + "\" (kubectl refuses this)");
            }
            if (written == null) {
                resource.object().getMetadata().setNamespace(namespaceOption.orElse(DEFAULT_NAMESPACE));
            }
        }
        return resources;
    }

    /**
     * A Deployment with another number of replicas, in its object and in the document
     * that is written for istioctl.
     */
    private static ClusterState scale(ClusterState state, Command.Scale scale) {
        ResourceKey key = new ResourceKey(kind(scale.kind()), scale.namespace(), scale.name());
        Resource<Deployment> deployment = state.find(Deployment.class, scale.namespace(), scale.name())
            .orElseThrow(() -> new IllegalArgumentException(key + " not found"));
        ObjectNode tree = deployment.source().tree().deepCopy();
        tree.withObjectProperty("spec").put("replicas", scale.replicas());
        Deployment scaled = new DeploymentBuilder(deployment.object()).editSpec()
            .withReplicas(scale.replicas())
            .endSpec()
            .build();
        ManifestDocument source = deployment.source();
        return state.apply(List.of(new Resource<>(new ManifestDocument(source.file(), source.number(), tree), scaled)));
    }

    private static String kind(String argument) {
        String kind = KINDS.get(argument.toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw new IllegalArgumentException("the tutorial test does not know the kind " + argument);
        }
        return kind;
    }

}
