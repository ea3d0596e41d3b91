package io.weatherforecast.lessons.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pods of {@code weather} on the data plane, waited for as an attendee waits for
 * {@code 2/2 Running} before looking at the page: every Deployment rolled out, its pods
 * Ready, no pod of an old version left, and every proxy synced with istiod.
 */
final class WeatherPods {

    /** As long as the tutorial's own wait for its pods (step 3). */
    private static final Duration AT_MOST = Duration.ofMinutes(5);

    private WeatherPods() {
    }

    static void awaitSettled(LocalCluster cluster) {
        await("the pods of weather").atMost(AT_MOST)
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> assertThat(unsettled(cluster)).isEmpty());
        DataPlane.awaitProxiesSynced(cluster);
    }

    /** What is still on its way: one line per Deployment or pod that is. */
    private static List<String> unsettled(LocalCluster cluster) {
        List<String> unsettled = new ArrayList<>();
        int wanted = 0;
        for (JsonNode deployment : cluster.kubectlJson("get deployments -n weather").path("items")) {
            String name = deployment.path("metadata").path("name").asText();
            int replicas = deployment.path("spec").path("replicas").asInt(1);
            JsonNode status = deployment.path("status");
            wanted += replicas;
            if (status.path("observedGeneration").asLong() < deployment.path("metadata").path("generation").asLong()
                    || status.path("updatedReplicas").asInt() != replicas
                    || status.path("readyReplicas").asInt() != replicas
                    || status.path("replicas").asInt() != replicas) {
                unsettled.add(name + " " + status);
            }
        }
        JsonNode pods = cluster.kubectlJson("get pods -n weather").path("items");
        if (pods.size() != wanted) {
            List<String> names = new ArrayList<>();
            pods.forEach(pod -> names.add(pod.path("metadata").path("name").asText()));
            unsettled.add(pods.size() + " pods for " + wanted + " replicas: " + names);
        }
        return unsettled;
    }

}
