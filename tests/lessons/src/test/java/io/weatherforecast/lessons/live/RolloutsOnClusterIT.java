package io.weatherforecast.lessons.live;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.live.ProxyConfig.WeightedCluster;
import io.weatherforecast.lessons.tutorial.LessonDocument;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/rollouts.md on the real control plane with the Argo Rollouts controller v1.10.2
 * ({@code scripts/cluster.sh up --rollouts}): forecast becomes the Rollout of
 * istio/rollouts/forecast-rollout.yaml, and the canary of v2 walks its steps (10%, pause,
 * 50%, pause, 100%) by the commands the kubectl plugin sends (its promote, abort and
 * retry are these patches of the Rollout's status). After every step istiod's answer to
 * the frontend's sidecar is asserted: the weights of the subsets stable and canary that
 * the controller set in forecast-route, and the endpoints of each subset, which are the
 * pods of the stable and of the canary ReplicaSet (the controller writes their
 * pod-template-hash into forecast-dr). An abort at 10% returns it to 100% stable.
 *
 * Analysis: there is no Prometheus here (and no Envoy that would make the metrics), so
 * the Rollout's analysis runs with both metrics as dry-run metrics (the controller runs
 * the AnalysisRun and sends the queries, which fail, without deciding the rollout) and
 * with Prometheus' address on a closed loopback port and no initial delay; asserted is
 * that the controller created the AnalysisRun from forecast-canary-health with the
 * canary's pod-template hash and resolved the queries. Their syntax is checked by
 * Prometheus' parser. The analysis for real, on Prometheus and the data plane, is
 * AutomatedCanaryThroughEnvoyIT's.
 *
 * The page is run from the tutorial's end, where an attendee who comes to it is: its
 * "From where you are" first, its "Clean up" last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@UpWith("--rollouts")
class RolloutsOnClusterIT extends OnLocalCluster {

    private static final Path PAGE = ProjectFiles.root().resolve("docs/rollouts.md");

    private static final String STABLE = "outbound|3002|stable|forecast." + MeshState.DOMAIN;

    private static final String CANARY = "outbound|3002|canary|forecast." + MeshState.DOMAIN;

    /** Nothing listens on port 1: the queries fail at once with "connection refused". */
    private static final String NO_PROMETHEUS = "http://127.0.0.1:1";

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final Duration POLL = Duration.ofMillis(250);

    @Test
    @Order(1)
    void fromTheTutorialsEndForecastBecomesARolloutWithAllTrafficOnStable() {
        runTheTutorialToItsEnd();
        runSection(PAGE, "From where you are");
        run("kubectl apply -f istio/rollouts/forecast-dr.yaml");
        run("kubectl apply -f istio/rollouts/forecast-route.yaml");
        run("kubectl apply -f istio/rollouts/analysis-template.yaml");
        // The simulated cluster's analysis mode (see the class comment), set in the
        // AnalysisTemplate, which the rollout of v2 does not apply again
        run("kubectl patch analysistemplate forecast-canary-health -n weather --type json -p '["
                + "{\"op\": \"add\", \"path\": \"/spec/dryRun\", \"value\": [{\"metricName\": \".*\"}]},"
                + "{\"op\": \"test\", \"path\": \"/spec/args/2/name\", \"value\": \"prometheus-address\"},"
                + "{\"op\": \"replace\", \"path\": \"/spec/args/2/value\", \"value\": \"" + NO_PROMETHEUS + "\"},"
                + "{\"op\": \"test\", \"path\": \"/spec/args/4/name\", \"value\": \"initial-delay\"},"
                + "{\"op\": \"replace\", \"path\": \"/spec/args/4/value\", \"value\": \"0s\"}]'");
        run("kubectl apply -f istio/rollouts/forecast-rollout.yaml");
        JsonNode rollout = rolloutWhen("Healthy", r -> Rollouts.phase(r).equals("Healthy"));
        run("kubectl delete deployment forecast-v1 -n weather");

        assertThat(rollout.path("status").path("stableRS").asText()).isNotEmpty();
        assertSubsetsFollowTheReplicaSets();
        assertRoute(List.of(new WeightedCluster(STABLE, 100)), Map.of("v1", 100));
    }

    @Test
    @Order(2)
    void theCanaryOfV2StartsAt10Percent() {
        run(LessonDocument.bash(PAGE, 4)); // the page's patch of image and label
        JsonNode paused = rolloutWhen("paused at step 1 (10%)", r -> pausedAt(r, 1));
        assertSubsetsFollowTheReplicaSets();
        assertRoute(List.of(new WeightedCluster(STABLE, 90), new WeightedCluster(CANARY, 10)),
                Map.of("v1", 90, "v2", 10));

        List<Map.Entry<String, String>> shown = LessonDocument.shownOutputs(PAGE, "Steps");
        assertThat(shown).as("the commands of the steps with their output shown").hasSize(1);
        assertThat(ShownOutput.difference(shown.getFirst().getKey(), shown.getFirst().getValue(),
                run(shown.getFirst().getKey()).output()))
            .isNull();
        String canaryHash = paused.path("status").path("currentPodHash").asText();
        assertThat(run("kubectl get analysisrun -n weather").output().lines().skip(1)).singleElement()
            .asString()
            .startsWith("forecast-" + canaryHash);
    }

    @Test
    @Order(3)
    void anAbortReturnsAllTrafficToStable() {
        // kubectl argo rollouts abort forecast -n weather
        patchStatus("{\"status\":{\"abort\":true}}");
        JsonNode rollout = rolloutWhen("aborted",
                r -> r.path("status").path("abort").asBoolean() && Rollouts.phase(r).equals("Degraded"));
        assertThat(rollout.path("status").path("message").asText()).startsWith("RolloutAborted");
        assertRoute(List.of(new WeightedCluster(STABLE, 100)), Map.of("v1", 100));
        JsonNode route = cluster.kubectlJson("get virtualservice forecast-route -n weather");
        assertThat(route.path("spec").path("http").path(0).path("route").findValuesAsText("weight"))
            .containsExactly("100", "0");
    }

    @Test
    @Order(4)
    void aRetryStartsTheCanaryAgainAndPromotionsWalkItTo100Percent() {
        // kubectl argo rollouts retry rollout forecast -n weather
        patchStatus("{\"status\":{\"abort\":false}}");
        rolloutWhen("paused at step 1 (10%) again", r -> pausedAt(r, 1));
        assertRoute(List.of(new WeightedCluster(STABLE, 90), new WeightedCluster(CANARY, 10)),
                Map.of("v1", 90, "v2", 10));

        // kubectl argo rollouts promote forecast -n weather
        patchStatus("{\"status\":{\"pauseConditions\":null}}");
        rolloutWhen("paused at step 3 (50%)", r -> pausedAt(r, 3));
        assertSubsetsFollowTheReplicaSets();
        assertRoute(List.of(new WeightedCluster(STABLE, 50), new WeightedCluster(CANARY, 50)),
                Map.of("v1", 50, "v2", 50));

        patchStatus("{\"status\":{\"pauseConditions\":null}}");
        JsonNode done = rolloutWhen("Healthy on v2", r -> Rollouts.phase(r).equals("Healthy")
                && r.path("status").path("stableRS").asText().equals(r.path("status").path("currentPodHash").asText()));
        assertThat(done.path("status").path("currentStepIndex").asInt()).isEqualTo(4);
        assertRoute(List.of(new WeightedCluster(STABLE, 100)), Map.of("v2", 100));
    }

    @Test
    @Order(5)
    void theControllerRanTheAnalysisOfTheCanaryWithItsPodTemplateHash() {
        JsonNode runs = cluster.kubectlJson("get analysisruns -n weather");
        assertThat(runs.path("items")).as("AnalysisRuns").isNotEmpty();
        for (JsonNode run : runs.path("items")) {
            Map<String, String> args = StreamSupport.stream(run.path("spec").path("args").spliterator(), false)
                .collect(Collectors.toMap(arg -> arg.path("name").asText(), arg -> arg.path("value").asText()));
            String hash = run.path("metadata").path("labels").path("rollouts-pod-template-hash").asText();
            assertThat(hash).isNotEmpty();
            assertThat(args).containsEntry("canary-hash", hash)
                .containsEntry("namespace", "weather")
                .containsEntry("prometheus-address", NO_PROMETHEUS);
            JsonNode results = run.path("status").path("metricResults");
            assertThat(results.findValuesAsText("name")).contains("success-rate", "latency-p95");
            assertThat(run.path("spec").path("dryRun").findValuesAsText("metricName")).containsExactly(".*");
            assertThat(run.path("status").path("dryRunSummary").path("count").asInt()).as("dry-run metrics")
                .isEqualTo(2);
            for (JsonNode result : results) {
                assertThat(result.path("metadata").path("ResolvedPrometheusQuery").asText())
                    .contains("rollouts_pod_template_hash=\"" + hash + "\"")
                    .contains("namespace=\"weather\"");
                assertThat(result.path("measurements").findValuesAsText("message"))
                    .anySatisfy(message -> assertThat(message).contains("127.0.0.1:1").contains("connection refused"));
            }
        }
    }

    @Test
    @Order(6)
    void theQueriesParseWithPrometheusOwnParser() {
        LocalCluster.Result parsed = cluster.shell("scripts/cluster.sh promql istio/rollouts/analysis-template.yaml");
        assertThat(parsed.exitStatus()).as(parsed.output() + parsed.errors()).isZero();
        assertThat(parsed.output().lines().filter(line -> line.contains(": ok (vector)"))).hasSize(2);
    }

    @Test
    @Order(7)
    void everyFileUnderRolloutsPassesTheApiServersStrictValidationAgainstArgoRolloutsCrds() {
        acceptedStrictly("-f istio/rollouts");
        // ... and the check is strict: a misspelt field of the Rollout is refused
        refusedStrictly("istio/rollouts/forecast-rollout.yaml", "s/setWeight: 50/setWieght: 50/", "unknown field",
                "setWieght");
    }

    @Test
    @Order(8)
    void theCleanUpLeavesNoNamespaceWeather() {
        runSection(PAGE, "Clean up");
        assertNoNamespace(MeshState.NAMESPACE);
    }

    private static void patchStatus(String patch) {
        run("kubectl patch rollout forecast -n weather --subresource status --type merge -p '" + patch + "'");
    }

    private static boolean pausedAt(JsonNode rollout, int step) {
        return Rollouts.phase(rollout).equals("Paused")
                && rollout.path("status").path("currentStepIndex").asInt() == step
                && !rollout.path("status").path("pauseConditions").isEmpty();
    }

    private static JsonNode rolloutWhen(String what, Predicate<JsonNode> condition) {
        return Rollouts.forecastWhen(cluster, what, WAIT, condition);
    }

    /**
     * istiod's answer to the frontend's sidecar, once it has caught up (20 s at most):
     * forecast's route with these weighted subset clusters, each with endpoints, and the
     * versions of the pods behind them in these shares (the canary meter).
     */
    private static void assertRoute(List<WeightedCluster> clusters, Map<String, Integer> shares) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(POLL).untilAsserted(() -> {
            MeshState mesh = MeshState.of(cluster);
            ProxyConfig frontend = mesh.frontend().orElseThrow();
            assertThat(frontend.routeTo(MeshState.FORECAST_ROUTE, MeshState.FORECAST_HOST))
                .as("the frontend's route for forecast:3002")
                .contains(clusters);
            assertThat(mesh.forecastShares()).as("forecast versions the frontend's sidecar spreads requests over")
                .contains(shares);
            for (WeightedCluster routedCluster : clusters) {
                assertThat(frontend.endpoints(routedCluster.name())).as("endpoints of %s", routedCluster.name())
                    .isNotEmpty();
            }
        });
    }

    /**
     * forecast-dr's subsets select the pods of the stable and of the canary ReplicaSet by
     * their pod-template-hash, as the controller writes them.
     */
    private static void assertSubsetsFollowTheReplicaSets() {
        JsonNode status = cluster.kubectlJson("get rollout forecast -n weather").path("status");
        Map<String, String> hashes = Map.of("stable", status.path("stableRS").asText(), "canary",
                status.path("currentPodHash").asText());
        JsonNode rule = cluster.kubectlJson("get destinationrule forecast-dr -n weather");
        Set<String> names = new java.util.HashSet<>();
        for (JsonNode subset : rule.path("spec").path("subsets")) {
            String name = subset.path("name").asText();
            names.add(name);
            assertThat(subset.path("labels").path("rollouts-pod-template-hash").asText()).as("subset %s", name)
                .isEqualTo(hashes.get(name));
        }
        assertThat(names).containsExactlyInAnyOrder("stable", "canary");
    }

}
