package io.weatherforecast.lessons.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import io.weatherforecast.lessons.live.ProxyConfig.WeightedCluster;

import static io.weatherforecast.lessons.live.ClusterReplay.eventually;
import static io.weatherforecast.lessons.live.GatewayApiOnClusterIT.condition;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ambient variant of docs/gateway-api.md on the real control plane with istiod in
 * ambient mode ({@code scripts/cluster.sh up --ambient}): the namespace without
 * injection, enrolled in the waypoint of istio/gateway-api/ambient/waypoint.yaml, and the
 * same HTTPRoutes as in sidecar mode. Asserted: istiod deploys the waypoint, resolves the
 * forecast route to it, and its xDS answer to the waypoint (asked as a proxy of type
 * waypoint) splits the requests for forecast:3002 with each step's weights between the
 * pods of forecast-v1 and forecast-v2. What cannot be shown here: ztunnel (which would
 * send the frontend's requests to the waypoint) and Envoy do not exist, so that the
 * requests take this way is not proven.
 */
@UpWith("--ambient")
class GatewayApiAmbientOnClusterIT extends OnLocalCluster {

    /** The waypoint's filter chain for requests to forecast:3002, in main_internal. */
    private static final String FORECAST_CHAIN = "inbound-vip|3002|http|forecast." + MeshState.DOMAIN;

    private static final String V1 = "inbound-vip|3002|http|forecast-v1." + MeshState.DOMAIN;

    private static final String V2 = "inbound-vip|3002|http|forecast-v2." + MeshState.DOMAIN;

    @Test
    void theWaypointSplitsForecastWithTheWeightsOfEachStep() {
        run("kubectl apply -f istio/gateway-api/ambient/namespace.yaml");
        run("kubectl apply -f k8s/weather-v1.yaml");
        run("kubectl wait --for=condition=Available deployment --all -n weather --timeout=60s");
        run("kubectl apply -f istio/gateway-api/ambient/waypoint.yaml");
        run("kubectl apply -f istio/gateway-api/weather-gateway.yaml");
        run("kubectl apply -f istio/gateway-api/forecast-v1-service.yaml");
        run("kubectl apply -f istio/gateway-api/forecast-route-v1.yaml");

        JsonNode pods = cluster.kubectlJson("get pods -n weather -l app");
        assertThat(pods.path("items")).as("the app's pods").hasSizeGreaterThanOrEqualTo(3);
        for (JsonNode pod : pods.path("items")) {
            assertThat(pod.path("spec").toString()).as("pod %s in ambient mode", pod.path("metadata").path("name"))
                .doesNotContain("istio-proxy");
        }
        eventually(() -> {
            JsonNode waypoint = cluster.kubectlJson("get gateway waypoint -n weather").path("status");
            assertThat(condition(waypoint.path("conditions"), "Programmed")).isEqualTo("True");
            JsonNode parent = cluster.kubectlJson("get httproute forecast-route -n weather")
                .path("status")
                .path("parents")
                .path(0);
            assertThat(condition(parent.path("conditions"), "Accepted")).isEqualTo("True");
            assertThat(condition(parent.path("conditions"), "ResolvedWaypoints")).as(parent.toString())
                .isEqualTo("True");
        });
        assertSplit(List.of(new WeightedCluster(V1, 100)));

        run("kubectl apply -f k8s/forecast-v2-deployment.yaml");
        run("kubectl apply -f istio/gateway-api/forecast-v2-service.yaml");
        assertSplit(List.of(new WeightedCluster(V1, 100)));
        run("kubectl apply -f istio/gateway-api/forecast-route-50.yaml");
        assertSplit(List.of(new WeightedCluster(V1, 50), new WeightedCluster(V2, 50)));
        run("kubectl apply -f istio/gateway-api/forecast-route-v2.yaml");
        assertSplit(List.of(new WeightedCluster(V2, 100)));
        run("kubectl apply -f istio/gateway-api/forecast-route-v2-only.yaml");
        assertSplit(List.of(new WeightedCluster(V2, 100)));
    }

    /**
     * istiod's answer to the waypoint sends forecast's requests to these clusters, each
     * of whose endpoints are the pods of its version (retried until istiod has caught
     * up).
     */
    private static void assertSplit(List<WeightedCluster> expected) {
        eventually(() -> {
            JsonNode pod = cluster.kubectlJson("get pods -n weather -l gateway.networking.k8s.io/gateway-name=waypoint")
                .path("items")
                .path(0);
            ProxyConfig waypoint = cluster.xds("weather", pod.path("metadata").path("name").asText());
            assertThat(waypoint.dump().path("node").toString()).contains("waypoint~");
            assertThat(forecastRoute(waypoint)).as("the waypoint's route for forecast:3002").contains(expected);
            for (WeightedCluster cluster : expected) {
                String version = cluster.name().contains("forecast-v1") ? "v1" : "v2";
                assertThat(waypoint.endpoints(cluster.name())).as("endpoints of %s", cluster.name())
                    .isEqualTo(podIps(version));
            }
        });
    }

    /** The route of the waypoint's filter chain for forecast, inline in main_internal. */
    private static Optional<List<WeightedCluster>> forecastRoute(ProxyConfig waypoint) {
        for (JsonNode chain : waypoint.dump().path("listeners").path("main_internal").path("filter_chains")) {
            if (!chain.path("name").asText().equals(FORECAST_CHAIN)) {
                continue;
            }
            for (JsonNode filter : chain.path("filters")) {
                JsonNode action = filter.path("typed_config")
                    .path("route_config")
                    .path("virtual_hosts")
                    .path(0)
                    .path("routes")
                    .path(0)
                    .path("route");
                if (action.has("cluster")) {
                    return Optional.of(List.of(new WeightedCluster(action.path("cluster").asText(), 100)));
                }
                if (action.has("weighted_clusters")) {
                    List<WeightedCluster> clusters = new ArrayList<>();
                    for (JsonNode cluster : action.path("weighted_clusters").path("clusters")) {
                        clusters
                            .add(new WeightedCluster(cluster.path("name").asText(), cluster.path("weight").asInt()));
                    }
                    return Optional.of(clusters);
                }
            }
        }
        return Optional.empty();
    }

    private static java.util.Set<String> podIps(String version) {
        java.util.Set<String> ips = new java.util.HashSet<>();
        for (JsonNode pod : cluster.kubectlJson("get pods -n weather -l app=forecast,version=" + version)
            .path("items")) {
            ips.add(pod.path("status").path("podIP").asText());
        }
        return ips;
    }

}
