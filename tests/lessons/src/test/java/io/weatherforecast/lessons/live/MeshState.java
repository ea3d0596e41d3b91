package io.weatherforecast.lessons.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.weatherforecast.lessons.live.ProxyConfig.WeightedCluster;

/**
 * The app's pods as the API server has them, and what istiod sends the frontend's sidecar
 * and the ingress gateway for them: the real answer to where requests would go.
 */
public record MeshState(Ingress ingress, List<Pod> pods, Optional<ProxyConfig> frontend,
        Optional<ProxyConfig> gateway) {

    public static final String NAMESPACE = "weather";

    static final String DOMAIN = NAMESPACE + ".svc.cluster.local";

    /**
     * The forecast route in a sidecar's configuration: its listener port's route name and
     * its host.
     */
    static final String FORECAST_ROUTE = "3002";

    static final String FORECAST_HOST = "forecast." + DOMAIN;

    /** outbound|PORT|SUBSET|HOST */
    private static final Pattern OUTBOUND = Pattern.compile("outbound\\|(\\d+)\\|([^|]*)\\|([^.]+)\\." + DOMAIN);

    public static MeshState of(LocalCluster cluster) {
        return of(cluster, Ingress.ISTIO);
    }

    public static MeshState of(LocalCluster cluster, Ingress ingress) {
        List<Pod> pods = pods(cluster.kubectlJson("get pods -n " + NAMESPACE));
        Optional<ProxyConfig> frontend = pods.stream()
            .filter(pod -> "frontend".equals(pod.labels().get("app")) && pod.ip() != null)
            .findFirst()
            .map(pod -> cluster.xds(NAMESPACE, pod.name()));
        Optional<ProxyConfig> gateway = pods(
                cluster.kubectlJson("get pods -n " + ingress.namespace() + " -l " + ingress.selector()))
            .stream()
            .filter(pod -> pod.ip() != null)
            .findFirst()
            .map(pod -> cluster.xds(ingress.namespace(), pod.name()));
        return new MeshState(ingress, pods, frontend, gateway);
    }

    /**
     * What the canary meter would show: the share of forecast requests each version
     * answers, from the frontend's route (weights) and the endpoints of each cluster
     * (round robin over the pods). Empty without a frontend sidecar.
     */
    public Optional<Map<String, Integer>> forecastShares() {
        return frontend.flatMap(config -> config.routeTo(FORECAST_ROUTE, FORECAST_HOST).map(clusters -> {
            Map<String, Double> shares = new TreeMap<>();
            for (WeightedCluster cluster : clusters) {
                List<String> versions = config.endpoints(cluster.name()).stream().map(this::versionAt).toList();
                versions.forEach(
                        version -> shares.merge(version, (double) cluster.weight() / versions.size(), Double::sum));
            }
            Map<String, Integer> rounded = new LinkedHashMap<>();
            shares.forEach((version, share) -> rounded.put(version, (int) Math.round(share)));
            return rounded;
        }));
    }

    /**
     * The same pods and the same configuration for the frontend's sidecar and the
     * gateway.
     */
    boolean sameAs(MeshState other) {
        return pods.equals(other.pods) && config(frontend).equals(config(other.frontend))
                && config(gateway).equals(config(other.gateway));
    }

    /**
     * What istiod sent, without the versions and nonces that change with every
     * connection.
     */
    private static Optional<List<JsonNode>> config(Optional<ProxyConfig> proxy) {
        return proxy.map(config -> List.of(config.dump().path("clusters"), config.dump().path("listeners"),
                config.dump().path("routes"), config.dump().path("endpoints")));
    }

    /** Where the gateway sends {@code /}: empty while it has no route. */
    public Optional<List<WeightedCluster>> pageRoute() {
        return gateway.flatMap(config -> config.routeTo(ingress.route(), ingress.domain()));
    }

    /**
     * What would fail a request or send it to the wrong pods: a cluster of the app that a
     * route of the frontend or the gateway names but that has no endpoint, a subset
     * cluster whose endpoints are not exactly the pods of its version, a pod without the
     * injected sidecar.
     */
    public List<String> problems() {
        return problems(pods, proxies());
    }

    /** {@link #problems()} for any proxies of these pods. */
    static List<String> problems(List<Pod> pods, List<ProxyConfig> proxies) {
        List<String> problems = new ArrayList<>();
        for (ProxyConfig config : proxies) {
            for (String name : config.routedClusters()) {
                Matcher outbound = OUTBOUND.matcher(name);
                if (!outbound.matches()) {
                    continue;
                }
                if (config.clusterNames().contains(name)) {
                    if (config.endpoints(name).isEmpty()) {
                        problems
                            .add(config.proxy() + ": a route sends requests to " + name + ", which has no endpoints");
                    }
                }
                else if (config.clusterNames()
                    .contains("outbound|" + outbound.group(1) + "||" + outbound.group(3) + "." + DOMAIN)) {
                    problems.add(config.proxy() + ": a route sends requests to " + name
                            + ", a subset cluster istiod does not define");
                }
                // Otherwise the route is for a port the Service does not have: istiod
                // also writes the
                // hosts of VirtualServices into the port-80 route, and nobody calls them
                // there.
            }
            for (String name : config.clusterNames()) {
                Matcher outbound = OUTBOUND.matcher(name);
                if (outbound.matches() && !outbound.group(2).isEmpty()) {
                    Set<String> expected = ips(pods, outbound.group(3), outbound.group(2));
                    Set<String> actual = config.endpoints(name);
                    if (!actual.equals(expected)) {
                        problems
                            .add(config.proxy() + ": the endpoints of " + name + " are " + actual + ", but the pods of "
                                    + outbound.group(3) + " " + outbound.group(2) + " are " + expected);
                    }
                }
            }
        }
        pods.stream()
            .filter(pod -> !pod.sidecar())
            .forEach(pod -> problems.add("pod " + pod.name() + " has no istio-proxy sidecar"));
        return problems;
    }

    public List<ProxyConfig> proxies() {
        return java.util.stream.Stream.of(frontend, gateway).flatMap(Optional::stream).toList();
    }

    private static Set<String> ips(List<Pod> pods, String app, String version) {
        return pods.stream()
            .filter(pod -> app.equals(pod.labels().get("app")) && version.equals(pod.labels().get("version")))
            .map(Pod::ip)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    }

    private String versionAt(String ip) {
        return pods.stream()
            .filter(pod -> ip.equals(pod.ip()))
            .map(pod -> pod.labels().getOrDefault("version", "?"))
            .findFirst()
            .orElse("unknown pod " + ip);
    }

    static List<Pod> pods(JsonNode list) {
        List<Pod> pods = new ArrayList<>();
        for (JsonNode pod : list.path("items")) {
            Map<String, String> labels = new HashMap<>();
            pod.path("metadata")
                .path("labels")
                .fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            boolean sidecar = false;
            for (String containers : List.of("containers", "initContainers")) {
                for (JsonNode container : pod.path("spec").path(containers)) {
                    sidecar |= container.path("name").asText().equals("istio-proxy");
                }
            }
            JsonNode ip = pod.path("status").path("podIP");
            pods.add(new Pod(pod.path("metadata").path("name").asText(), ip.isMissingNode() ? null : ip.asText(),
                    Map.copyOf(labels), sidecar));
        }
        return List.copyOf(pods);
    }

    /**
     * The gateway requests enter by: the namespace and label selector of its pods, and
     * the name of the HTTP route istiod gives it for port 80 with the virtual host for
     * any host.
     */
    public record Ingress(String namespace, String selector, String route, String domain) {

        /**
         * Istio's ingress gateway with the Istio API's Gateway (the stand-in of
         * scripts/cluster.sh listens on 8080).
         */
        public static final Ingress ISTIO = new Ingress("istio-system", "istio=ingressgateway", "http.8080", "*");

        /**
         * The gateway istiod deploys for the Gateway API's Gateway weather-gateway
         * (docs/gateway-api.md).
         */
        public static final Ingress GATEWAY_API = new Ingress(NAMESPACE,
                "gateway.networking.k8s.io/gateway-name=weather-gateway", "http.80", "*");

    }

    /**
     * A pod: its name, IP (none before it is scheduled), labels and whether it got the
     * sidecar.
     */
    public record Pod(String name, String ip, Map<String, String> labels, boolean sidecar) {
    }

}
