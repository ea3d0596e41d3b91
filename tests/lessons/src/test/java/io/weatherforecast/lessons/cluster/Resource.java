package io.weatherforecast.lessons.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.weatherforecast.lessons.schema.ManifestDocument;

/** A Kubernetes or Istio object and the document it was applied from. */
public record Resource<T extends HasMetadata>(ManifestDocument source, T object) {

    public ResourceKey key() {
        return new ResourceKey(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    public String name() {
        return object.getMetadata().getName();
    }

    public String namespace() {
        return object.getMetadata().getNamespace();
    }

    @Override
    public String toString() {
        return source.toString();
    }
}
