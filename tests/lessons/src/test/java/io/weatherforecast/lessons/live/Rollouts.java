package io.weatherforecast.lessons.live;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.awaitility.Awaitility;

import static org.assertj.core.api.Assertions.assertThat;

/** The Rollout {@code forecast} of docs/rollouts.md, as the API server has it. */
final class Rollouts {

    private static final Duration POLL = Duration.ofMillis(250);

    private Rollouts() {
    }

    static String phase(JsonNode rollout) {
        return rollout.path("status").path("phase").asText();
    }

    /** The Rollout once it matches, polled; fails with its last status after atMost. */
    static JsonNode forecastWhen(LocalCluster cluster, String what, Duration atMost, Predicate<JsonNode> condition) {
        AtomicReference<JsonNode> rollout = new AtomicReference<>();
        Awaitility.await().atMost(atMost).pollInterval(POLL).untilAsserted(() -> {
            rollout.set(cluster.kubectlJson("get rollout forecast -n weather"));
            assertThat(condition.test(rollout.get())).as("the Rollout is %s: %s", what, rollout.get().path("status"))
                .isTrue();
        });
        return rollout.get();
    }

}
