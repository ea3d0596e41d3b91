package io.weatherforecast.lessons.live;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Envoy configuration istiod sends one proxy, as xds-dump prints it: clusters,
 * listeners, routes and endpoints by name, in Envoy's v3 protojson.
 */
public record ProxyConfig(String proxy, JsonNode dump) {

    /**
     * Where the HTTP route configuration {@code routeName} sends requests for
     * {@code domain}.
     */
    public Optional<List<WeightedCluster>> routeTo(String routeName, String domain) {
        return virtualHost(routeName, domain).map(host -> {
            JsonNode action = host.path("routes").path(0).path("route");
            if (action.has("cluster")) {
                return List.of(new WeightedCluster(action.path("cluster").asText(), 100));
            }
            List<WeightedCluster> clusters = new ArrayList<>();
            for (JsonNode cluster : action.path("weighted_clusters").path("clusters")) {
                clusters.add(new WeightedCluster(cluster.path("name").asText(), cluster.path("weight").asInt()));
            }
            return List.copyOf(clusters);
        });
    }

    /**
     * The routes of the virtual host for {@code domain}, in the order Envoy tries them;
     * empty without that host.
     */
    public List<JsonNode> routes(String routeName, String domain) {
        return virtualHost(routeName, domain).map(host -> elements(host.path("routes")).toList()).orElse(List.of());
    }

    /** A cluster by name, or a missing node. */
    public JsonNode cluster(String name) {
        return dump.path("clusters").path(name);
    }

    public Optional<JsonNode> virtualHost(String routeName, String domain) {
        return elements(dump.path("routes").path(routeName).path("virtual_hosts"))
            .filter(host -> elements(host.path("domains")).anyMatch(d -> d.asText().equals(domain)))
            .findFirst();
    }

    /** The pod IPs istiod gives a cluster; empty for a cluster without endpoints. */
    public Set<String> endpoints(String cluster) {
        Set<String> addresses = new LinkedHashSet<>();
        for (JsonNode locality : dump.path("endpoints").path(cluster).path("endpoints")) {
            for (JsonNode endpoint : locality.path("lb_endpoints")) {
                addresses
                    .add(endpoint.path("endpoint").path("address").path("socket_address").path("address").asText());
            }
        }
        return addresses;
    }

    public Set<String> clusterNames() {
        Set<String> names = new LinkedHashSet<>();
        dump.path("clusters").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every cluster name that any route of this proxy sends requests to. */
    public Set<String> routedClusters() {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode route : dump.path("routes")) {
            for (JsonNode host : route.path("virtual_hosts")) {
                for (JsonNode entry : host.path("routes")) {
                    JsonNode action = entry.path("route");
                    if (action.has("cluster")) {
                        names.add(action.path("cluster").asText());
                    }
                    elements(action.path("weighted_clusters").path("clusters"))
                        .forEach(cluster -> names.add(cluster.path("name").asText()));
                }
            }
        }
        return names;
    }

    /**
     * The filter chains of the sidecar's inbound listener for requests to the app's
     * {@code port}, as istiod sends them.
     */
    public List<JsonNode> inboundChains(int port) {
        return elements(dump.path("listeners").path("virtualInbound").path("filter_chains"))
            .filter(chain -> chain.path("filter_chain_match").path("destination_port").asInt() == port)
            .toList();
    }

    /**
     * Every filter chain of the listener {@code name} (e.g. the gateway's 0.0.0.0_8443).
     */
    public List<JsonNode> listenerChains(String name) {
        return elements(dump.path("listeners").path(name).path("filter_chains")).toList();
    }

    /** The HTTP filter {@code name} of a filter chain's HTTP connection manager. */
    public static Optional<JsonNode> httpFilter(JsonNode chain, String name) {
        return elements(chain.path("filters"))
            .flatMap(filter -> elements(filter.path("typed_config").path("http_filters")))
            .filter(filter -> filter.path("name").asText().equals(name))
            .findFirst();
    }

    /** The whole dump as text, to search for a name anywhere in it. */
    public String text() {
        return dump.toString();
    }

    private static java.util.stream.Stream<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    /**
     * A cluster of a route with its weight in percent (100 for a route to one cluster).
     */
    public record WeightedCluster(String name, int weight) {

        /**
         * Istio names subset clusters {@code outbound|PORT|SUBSET|HOST}; empty for the
         * whole service.
         */
        public Optional<String> subset() {
            String[] parts = name.split("\\|");
            return parts.length == 4 && !parts[2].isEmpty() ? Optional.of(parts[2]) : Optional.empty();
        }
    }

}
