package io.weatherforecast.lessons.cluster;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.Objects;

public final class Labels {

    public static final String APP = "app";

    public static final String VERSION = "version";

    private Labels() {
    }

    public static Map<String, String> ofPods(Deployment deployment) {
        return Objects.requireNonNullElse(deployment.getSpec().getTemplate().getMetadata().getLabels(), Map.of());
    }

    /** Whether an object with {@code labels} has every label of {@code selector}. */
    public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return labels.entrySet().containsAll(Objects.requireNonNullElse(selector, Map.<String, String>of()).entrySet());
    }

}
