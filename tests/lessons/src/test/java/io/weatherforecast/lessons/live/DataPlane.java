package io.weatherforecast.lessons.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Assumptions;

import io.weatherforecast.lessons.ProjectFiles;

/**
 * The real data plane of {@code scripts/cluster.sh up --data-plane}: where its ingress
 * gateway is reached from the host, and whether every Envoy has what istiod sent it.
 */
final class DataPlane {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * istiod's monitoring and debug port before CLUSTER_PORT_OFFSET (scripts/cluster.sh).
     */
    private static final int ISTIOD_MONITORING_PORT = 15014;

    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
            String message = "This machine cannot run the data plane: " + runnable.errors().strip();
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            System.out.println("[WARNING] Skipping: " + message);
            Assumptions.abort(message);
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
     * calls SYNCED), in two answers a second apart.
     */
    static void awaitProxiesSynced(LocalCluster cluster) {
        long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
        int inARow = 0;
        List<String> behind = List.of();
        while (System.nanoTime() < deadline) {
            behind = notSynced(syncz());
            inARow = behind.isEmpty() ? inARow + 1 : 0;
            if (inARow == 2) {
                return;
            }
            sleep(Duration.ofSeconds(1));
        }
        throw new AssertionError("proxies still not synced with istiod after " + SYNC_TIMEOUT + ": " + behind);
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

    private static JsonNode syncz() {
        try {
            int offset = Integer
                .parseInt(Files.readString(ProjectFiles.root().resolve("target/cluster/port-offset")).strip());
            HttpResponse<String> response = HTTP.send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + (ISTIOD_MONITORING_PORT + offset) + "/debug/syncz"))
                .timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
