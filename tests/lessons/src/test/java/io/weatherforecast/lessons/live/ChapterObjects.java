package io.weatherforecast.lessons.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the chapters create on a cluster, as {@code kubectl get -o name} names them at one
 * moment: the namespaces, and in {@value #ROOT_NAMESPACE} (where the chapters put the
 * ingress gateway's Gateway, its certificate and the token policies) the objects of
 * Istio's, the Gateway API's and Argo Rollouts' groups and the Secrets.
 */
record ChapterObjects(Set<String> names) {

    static final String ROOT_NAMESPACE = "istio-system";

    private static final String NAMESPACE = "namespace/";

    static ChapterObjects of(LocalCluster cluster) {
        List<String> types = new ArrayList<>();
        for (String type : lines(cluster, "kubectl api-resources --namespaced=true --verbs=list,delete -o name")) {
            if (type.equals("secrets") || type.endsWith(".istio.io") || type.endsWith(".gateway.networking.k8s.io")
                    || type.endsWith(".argoproj.io")) {
                types.add(type);
            }
        }
        Set<String> names = new TreeSet<>(lines(cluster, "kubectl get namespaces -o name"));
        names.addAll(lines(cluster, "kubectl get " + String.join(",", types) + " -n " + ROOT_NAMESPACE + " -o name"));
        return new ChapterObjects(names);
    }

    /** Those of these that were not there {@code before}. */
    ChapterObjects since(ChapterObjects before) {
        Set<String> created = new TreeSet<>(this.names);
        created.removeAll(before.names);
        return new ChapterObjects(created);
    }

    boolean isEmpty() {
        return this.names.isEmpty();
    }

    /**
     * Those of these that istiod still has: Istio configuration of one of these
     * namespaces or with one of these names in the root namespace
     * ({@code /debug/configz}), services of one of these namespaces
     * ({@code /debug/registryz}).
     */
    List<String> seenBy(JsonNode configz, JsonNode registryz) {
        List<String> seen = new ArrayList<>();
        for (JsonNode config : configz) {
            String namespace = config.path("metadata").path("namespace").asText();
            String group = config.path("apiVersion").asText().replaceFirst("/?[^/]*$", "");
            String name = config.path("kind").asText().toLowerCase() + (group.isEmpty() ? "" : "." + group) + "/"
                    + config.path("metadata").path("name").asText();
            if (this.names.contains(NAMESPACE + namespace)
                    || namespace.equals(ROOT_NAMESPACE) && this.names.contains(name)) {
                seen.add(name + " in " + namespace);
            }
        }
        for (JsonNode service : registryz) {
            if (this.names.contains(NAMESPACE + service.path("Attributes").path("Namespace").asText())) {
                seen.add("service " + service.path("hostname").asText());
            }
        }
        return seen;
    }

    private static List<String> lines(LocalCluster cluster, String command) {
        LocalCluster.Result result = cluster.shell(command);
        if (!result.succeeded()) {
            throw new IllegalStateException(command + " failed: " + result.errors());
        }
        return result.output().lines().filter(line -> !line.isBlank()).toList();
    }

}
