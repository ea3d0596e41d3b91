package io.weatherforecast.lessons.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.awaitility.Awaitility;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real data plane of {@code scripts/cluster.sh up --data-plane}: where its ingress
 * gateway is reached from the host, and whether every Envoy has what istiod sent it.
 */
final class DataPlane {

    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

    private DataPlane() {
    }

    /**
     * Skips the calling test, with the reason, when this machine cannot run the data
     * plane (it needs root, ip and iptables), except in CI (CI=true), where it fails:
     * .ci/run installs them.
     */
    static void assumeRunnable() {
        LocalCluster.Result runnable = LocalCluster.run(List.of("scripts/cluster.sh", "data-plane-runnable"), Map.of(),
                30);
        if (!runnable.succeeded()) {
            LocalCluster.cannotRun("This machine cannot run the data plane: " + runnable.errors().strip());
        }
    }

    /** host:port of the ingress gateway's port 80 on the host's loopback. */
    static String gateway(LocalCluster cluster) {
        LocalCluster.Result result = cluster.shell("echo \"$GATEWAY\"");
        String gateway = result.output().strip();
        if (gateway.isEmpty()) {
            throw new IllegalStateException("scripts/cluster.sh env sets no GATEWAY: is the data plane up?");
        }
        return gateway;
    }

    /**
     * Waits until every proxy connected to istiod has acknowledged the last clusters,
     * listeners, routes and endpoints istiod sent it (what {@code istioctl proxy-status}
     * calls SYNCED), for a second in a row.
     */
    static void awaitProxiesSynced(LocalCluster cluster) {
        Awaitility.await("every proxy synced with istiod")
            .atMost(SYNC_TIMEOUT)
            .during(Duration.ofSeconds(1))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                    () -> assertThat(notSynced(cluster.istiodDebug("syncz"))).as("proxies behind istiod").isEmpty());
    }

    private static List<String> notSynced(JsonNode syncz) {
        List<String> behind = new ArrayList<>();
        for (JsonNode proxy : syncz) {
            for (String type : List.of("cluster", "listener", "route", "endpoint")) {
                String sent = proxy.path(type + "_sent").asText("");
                String acked = proxy.path(type + "_acked").asText("");
                if (!sent.equals(acked)) {
                    behind.add(proxy.path("proxy").asText() + " " + type);
                }
            }
        }
        return behind;
    }

}
