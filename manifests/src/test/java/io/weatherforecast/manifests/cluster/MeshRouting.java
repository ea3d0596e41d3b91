package io.weatherforecast.manifests.cluster;

import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where Istio sends requests in a cluster state: a VirtualService's destinations,
 * resolved through the host's DestinationRule subsets to the Deployments whose pods the
 * host's Service selects. Without a VirtualService the requests spread over all of the
 * Service's pods. Covers what the tutorial uses: HTTP routes without match conditions,
 * hosts named by their short Service name in the route's namespace.
 */
public final class MeshRouting {

    public static final String GATEWAY_NAMESPACE = "istio-system";

    public static final String GATEWAY_NAME = "weather-gateway";

    public static final String GATEWAY = GATEWAY_NAMESPACE + "/" + GATEWAY_NAME;

    /** The gateway name that stands for the sidecars of the mesh. */
    public static final String MESH = "mesh";

    private final ClusterState state;

    public MeshRouting(ClusterState state) {
        this.state = state;
    }

    /**
     * The share of the requests inside the mesh to {@code host} that each pod version
     * answers, in percent.
     */
    public Map<String, Integer> versionShares(String namespace, String host) {
        List<Destination> destinations = meshRoute(namespace, host).map(route -> destinations(route.object()))
            .orElse(List.of(new Destination(host, null, 100)));
        return versionShares(namespace, destinations);
    }

    /**
     * The share of the requests through the ingress gateway that each version of the page
     * answers, in percent.
     */
    public Map<String, Integer> pageVersionShares() {
        if (state.find(Gateway.class, GATEWAY_NAMESPACE, GATEWAY_NAME).isEmpty()) {
            return Map.of();
        }
        return state.all(VirtualService.class)
            .stream()
            .filter(route -> route.object().getSpec().getGateways().contains(GATEWAY))
            .findFirst()
            .map(route -> versionShares(route.namespace(), destinations(route.object())))
            .orElse(Map.of());
    }

    public Optional<Resource<VirtualService>> meshRoute(String namespace, String host) {
        return state.all(VirtualService.class)
            .stream()
            .filter(route -> namespace.equals(route.namespace()))
            .filter(route -> route.object().getSpec().getHosts().contains(host))
            .filter(route -> appliesInsideMesh(route.object()))
            .findFirst();
    }

    public static List<Destination> destinations(VirtualService route) {
        return route.getSpec()
            .getHttp()
            .stream()
            .map(HTTPRoute::getRoute)
            .flatMap(destinations -> destinations.stream().map(d -> destination(d, destinations.size())))
            .toList();
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
     * The Deployments whose pods receive what is sent to a destination (none when its
     * subset is undefined).
     */
    public List<Resource<Deployment>> backends(String namespace, Destination destination) {
        List<Resource<Deployment>> selected = selectedBy(namespace, destination.host());
        if (destination.subset() == null) {
            return selected;
        }
        return subset(namespace, destination.host(), destination.subset())
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

    private Map<String, Integer> versionShares(String namespace, List<Destination> destinations) {
        Map<String, Double> shares = new TreeMap<>();
        for (Destination destination : destinations) {
            List<Resource<Deployment>> backends = backends(namespace, destination);
            int pods = backends.stream().mapToInt(backend -> replicas(backend.object())).sum();
            for (Resource<Deployment> backend : backends) {
                double share = (double) destination.weight() * replicas(backend.object()) / pods;
                if (share > 0) {
                    shares.merge(Labels.ofPods(backend.object()).get(Labels.VERSION), share, Double::sum);
                }
            }
        }
        Map<String, Integer> rounded = new TreeMap<>();
        shares.forEach((version, share) -> rounded.put(version, (int) Math.round(share)));
        return rounded;
    }

    private static int replicas(Deployment deployment) {
        return Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    }

    private static boolean appliesInsideMesh(VirtualService route) {
        List<String> gateways = route.getSpec().getGateways();
        return gateways.isEmpty() || gateways.contains(MESH);
    }

    /** Istio sends everything to a lone destination whatever its weight. */
    private static Destination destination(HTTPRouteDestination destination, int destinationsInRoute) {
        int weight = destinationsInRoute == 1 ? 100 : Objects.requireNonNullElse(destination.getWeight(), 0);
        var target = destination.getDestination();
        return new Destination(target.getHost(), target.getSubset(), weight);
    }

}
