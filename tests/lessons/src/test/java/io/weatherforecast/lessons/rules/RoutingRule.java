package io.weatherforecast.lessons.rules;

import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.Service;
import io.weatherforecast.lessons.cluster.ClusterState;
import io.weatherforecast.lessons.cluster.References;
import io.weatherforecast.lessons.cluster.Resource;
import io.weatherforecast.lessons.schema.Problem;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Istio's rules fit what is deployed: every gateway a route names exists, every host has
 * a Service, every subset a route names is defined in the host's DestinationRule, every
 * subset selects pods of some Deployment, and the weights of a route with several
 * destinations sum to 100.
 */
final class RoutingRule implements Rule {

    @Override
    public Stream<Problem> check(ClusterState state) {
        var references = new References(state);
        return Stream
            .of(state.all(VirtualService.class).stream().flatMap(route -> gateways(state, route)),
                    state.all(VirtualService.class).stream().flatMap(route -> routes(state, references, route)),
                    state.all(DestinationRule.class).stream().flatMap(rule -> subsets(state, references, rule)))
            .flatMap(problems -> problems);
    }

    private static Stream<Problem> gateways(ClusterState state, Resource<VirtualService> route) {
        List<String> gateways = route.object().getSpec().getGateways();
        return IntStream.range(0, gateways.size()).filter(i -> !gateways.get(i).equals(References.MESH)).filter(i -> {
            String[] namespaceAndName = qualified(route.namespace(), gateways.get(i)).split("/");
            return state.find(Gateway.class, namespaceAndName[0], namespaceAndName[1]).isEmpty();
        })
            .mapToObj(i -> new Problem(route.source(), "/spec/gateways/" + i,
                    "names gateway '" + gateways.get(i) + "', which does not exist"));
    }

    private static Stream<Problem> routes(ClusterState state, References references, Resource<VirtualService> route) {
        var http = route.object().getSpec().getHttp();
        return IntStream.range(0, http.size()).boxed().flatMap(i -> {
            List<HTTPRouteDestination> destinations = http.get(i).getRoute();
            String path = "/spec/http/" + i + "/route";
            Stream<Problem> each = IntStream.range(0, destinations.size())
                .boxed()
                .flatMap(j -> destination(state, references, route, path + "/" + j + "/destination",
                        destinations.get(j)));
            Stream<Problem> ranges = IntStream.range(0, destinations.size())
                .filter(j -> destinations.get(j).getWeight() != null)
                .filter(j -> destinations.get(j).getWeight() < 0 || destinations.get(j).getWeight() > 100)
                .mapToObj(j -> new Problem(route.source(), path + "/" + j + "/weight",
                        "route weight " + destinations.get(j).getWeight() + " is not between 0 and 100"));
            int sum = destinations.stream().mapToInt(d -> Objects.requireNonNullElse(d.getWeight(), 0)).sum();
            Stream<Problem> weights = destinations.size() > 1 && sum != 100
                    ? Stream.of(new Problem(route.source(), path, "route weights sum to " + sum + ", not 100"))
                    : Stream.empty();
            return Stream.of(each, ranges, weights).flatMap(problems -> problems);
        });
    }

    private static Stream<Problem> destination(ClusterState state, References references,
            Resource<VirtualService> route, String path, HTTPRouteDestination destination) {
        String host = destination.getDestination().getHost();
        String subset = destination.getDestination().getSubset();
        if (state.find(Service.class, route.namespace(), host).isEmpty()) {
            return Stream.of(new Problem(route.source(), path + "/host",
                    "routes to host '" + host + "', which has no Service in namespace " + route.namespace()));
        }
        if (subset == null) {
            return Stream.empty();
        }
        var rule = references.destinationRule(route.namespace(), host);
        if (rule.isEmpty()) {
            return Stream.of(new Problem(route.source(), path + "/subset",
                    "routes to subset '" + subset + "' of host '" + host + "', which has no DestinationRule"));
        }
        return references.subset(route.namespace(), host, subset).isPresent() ? Stream.empty()
                : Stream.of(new Problem(route.source(), path + "/subset", "routes to subset '" + subset + "' of host '"
                        + host + "', which DestinationRule " + rule.get().name() + " does not define"));
    }

    private static Stream<Problem> subsets(ClusterState state, References references, Resource<DestinationRule> rule) {
        String host = rule.object().getSpec().getHost();
        if (state.find(Service.class, rule.namespace(), host).isEmpty()) {
            return Stream.of(new Problem(rule.source(), "/spec/host",
                    "is for host '" + host + "', which has no Service in namespace " + rule.namespace()));
        }
        List<Subset> subsets = rule.object().getSpec().getSubsets();
        return IntStream.range(0, subsets.size())
            .filter(i -> references.backends(rule.namespace(), host, subsets.get(i).getName()).isEmpty())
            .mapToObj(i -> new Problem(rule.source(), "/spec/subsets/" + i, "subset '" + subsets.get(i).getName()
                    + "' selects no pods of any Deployment behind Service " + host));
    }

    private static String qualified(String namespace, String gateway) {
        return gateway.contains("/") ? gateway : namespace + "/" + gateway;
    }

}
