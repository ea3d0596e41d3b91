package io.weatherforecast.lessons.cluster;

import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Optional;

/**
 * Which objects of a cluster state refer to which: a host's DestinationRule and subsets,
 * the Deployments whose pods a Service selects and a subset picks. The offline
 * consistency rules use these; where requests really go is istiod's answer (the live
 * tests).
 */
public final class References {

    public static final String GATEWAY_NAMESPACE = "istio-system";

    public static final String GATEWAY_NAME = "weather-gateway";

    public static final String GATEWAY = GATEWAY_NAMESPACE + "/" + GATEWAY_NAME;

    /** The gateway name that stands for the sidecars of the mesh. */
    public static final String MESH = "mesh";

    private final ClusterState state;

    public References(ClusterState state) {
        this.state = state;
    }

    public Optional<Resource<DestinationRule>> destinationRule(String namespace, String host) {
        return state.all(DestinationRule.class)
            .stream()
            .filter(rule -> namespace.equals(rule.namespace()) && host.equals(rule.object().getSpec().getHost()))
            .findFirst();
    }

    public Optional<Subset> subset(String namespace, String host, String subset) {
        return destinationRule(namespace, host).flatMap(rule -> rule.object()
            .getSpec()
            .getSubsets()
            .stream()
            .filter(candidate -> subset.equals(candidate.getName()))
            .findFirst());
    }

    /**
     * The Deployments behind Service {@code host} whose pods the subset {@code name} of
     * its DestinationRule picks (none when that subset is undefined).
     */
    public List<Resource<Deployment>> backends(String namespace, String host, String name) {
        List<Resource<Deployment>> selected = selectedBy(namespace, host);
        return subset(namespace, host, name)
            .map(subset -> selected.stream()
                .filter(deployment -> Labels.matches(subset.getLabels(), Labels.ofPods(deployment.object())))
                .toList())
            .orElse(List.of());
    }

    /**
     * The Deployments whose pods the Service {@code name} selects; a Service without a
     * selector selects none.
     */
    public List<Resource<Deployment>> selectedBy(String namespace, String name) {
        return state.find(Service.class, namespace, name)
            .map(service -> service.object().getSpec().getSelector())
            .filter(selector -> !selector.isEmpty())
            .map(selector -> state.all(Deployment.class)
                .stream()
                .filter(deployment -> namespace.equals(deployment.namespace()))
                .filter(deployment -> Labels.matches(selector, Labels.ofPods(deployment.object())))
                .toList())
            .orElse(List.of());
    }

}
