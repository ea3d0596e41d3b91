package io.weatherforecast.manifests.rules;

import java.util.List;
import java.util.Optional;

/** A version of a service: the module that builds it and the image Jib names after it (images issue). */
public record Workload(String app, String version, String module) {

    /** The default of the Maven property {@code image.registry}, which Jib puts before each image name. */
    public static final String IMAGE_REGISTRY = "weather";

    public static final List<Workload> ALL = List.of(
        new Workload("frontend", "v1", "frontend"),
        new Workload("advertisement", "v1", "advertisement"),
        new Workload("forecast", "v1", "forecast-v1"),
        new Workload("forecast", "v2", "forecast-v2"),
        new Workload("recommendation", "v1", "recommendation"));

    public static Optional<Workload> of(String app, String version) {
        return ALL.stream().filter(w -> w.app().equals(app) && w.version().equals(version)).findFirst();
    }

    public String image() {
        return IMAGE_REGISTRY + "/" + app + ":" + version;
    }
}
