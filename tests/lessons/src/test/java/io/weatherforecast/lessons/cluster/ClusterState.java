package io.weatherforecast.lessons.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects in the cluster after some steps of the tutorial: applying replaces an
 * object, deleting removes it.
 */
public final class ClusterState {

    private final Map<ResourceKey, Resource<?>> objects;

    private ClusterState(Map<ResourceKey, Resource<?>> objects) {
        this.objects = objects;
    }

    public static ClusterState empty() {
        return new ClusterState(Map.of());
    }

    public ClusterState apply(List<Resource<?>> resources) {
        var next = new LinkedHashMap<>(objects);
        resources.forEach(resource -> next.put(resource.key(), resource));
        return new ClusterState(next);
    }

    /**
     * @throws IllegalArgumentException as kubectl fails with NotFound
     */
    public ClusterState delete(ResourceKey key) {
        if (!objects.containsKey(key)) {
            throw new IllegalArgumentException(key + " not found");
        }
        var next = new LinkedHashMap<>(objects);
        next.remove(key);
        return new ClusterState(next);
    }

    public Collection<Resource<?>> all() {
        return objects.values();
    }

    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> List<Resource<T>> all(Class<T> type) {
        return objects.values()
            .stream()
            .filter(resource -> type.isInstance(resource.object()))
            .map(resource -> (Resource<T>) resource)
            .toList();
    }

    public <T extends HasMetadata> Optional<Resource<T>> find(Class<T> type, String namespace, String name) {
        return all(type).stream()
            .filter(resource -> resource.name().equals(name) && namespace.equals(resource.namespace()))
            .findFirst();
    }

}
