package io.weatherforecast.lessons.cluster;

/**
 * What identifies an object in the cluster; {@code namespace} is null for cluster-scoped
 * kinds.
 */
public record ResourceKey(String kind, String namespace, String name) {

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
