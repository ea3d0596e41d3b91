package io.weatherforecast.lessons.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.tutorial.LessonDocument;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/rollouts.md's "Let the analysis decide" on the real data plane with the Argo
 * Rollouts controller ({@code scripts/cluster.sh up --data-plane --rollouts}): the pods
 * run for real behind Envoy, Prometheus (Istio's addon configuration) scrapes them, and
 * the AnalysisTemplate runs for real, not as a dry run. Under a steady load through the
 * gateway a bad v2 (the fault switch on) is aborted by the analysis alone and traffic
 * returns to v1; then a healthy v2 walks to 100% by itself with every AnalysisRun
 * Successful and not one failed request. The template's timing is shortened for the test
 * (its arguments, as a reader may pass them); the figures go to
 * {@code target/automated-canary.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@UpWith({ "--data-plane", "--rollouts" })
class AutomatedCanaryThroughEnvoyIT extends OnLocalCluster {

    private static final Path PAGE = ProjectFiles.root().resolve("docs/rollouts.md");

    private static final String SECTION = "Let the analysis decide";

    private static final Path REPORT = ProjectFiles.root().resolve("tests/lessons/target/automated-canary.md");

    private static final String CITY = "beijing";

    private static final int LOAD_PER_SECOND = 20;

    /** The canary meter's probes at each weight of the healthy v2's walk. */
    private static final int METER_PROBES = 200;

    /** The canary's weight at the first step of the Rollout (setWeight: 10). */
    private static final double FIRST_WEIGHT = 0.10;

    /**
     * The template's timing for this test: Prometheus here scrapes every 5 s, so a window
     * of 20 s holds four samples; the first measurement comes after the window has filled
     * once more than the canary's start (its first, slow requests of a cold JVM are out
     * of the window then).
     */
    private static final int WINDOW_SECONDS = 20;

    private static final int INITIAL_DELAY_SECONDS = 30;

    private static final int INTERVAL_SECONDS = 10;

    /** What istiod's push and the controller's reconciliation may add to the analysis. */
    private static final Duration PUSH_AND_RECONCILE = Duration.ofSeconds(15);

    private static final Duration POLL = Duration.ofMillis(250);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final List<String> rows = new ArrayList<>();

    private static String gateway;

    private static String prometheus;

    @BeforeAll
    static void forecastIsARolloutOfV1AnalysedFromPrometheus() {
        run("kubectl apply -f k8s/namespace.yaml");
        run("kubectl apply -k k8s");
        run("kubectl wait --for=condition=Available deployment --all -n weather --timeout=300s");
        run("kubectl apply -f istio/weather-gateway.yaml");
        run("kubectl apply -f k8s/recommendation-all.yaml");
        run("kubectl apply -f istio/rollouts/forecast-dr.yaml");
        run("kubectl apply -f istio/rollouts/forecast-route.yaml");
        run("kubectl apply -f istio/rollouts/analysis-template.yaml");
        prometheus = cluster.shell("echo \"$PROMETHEUS\"").output().strip();
        assertThat(prometheus).as("scripts/cluster.sh env's PROMETHEUS").startsWith("http://127.0.0.1:");
        run("kubectl patch analysistemplate forecast-canary-health -n weather --type json -p '["
                + argument(2, "prometheus-address", prometheus) + "," + argument(3, "window", WINDOW_SECONDS + "s")
                + "," + argument(4, "initial-delay", INITIAL_DELAY_SECONDS + "s") + ","
                + argument(5, "interval", INTERVAL_SECONDS + "s") + "]'");
        run("kubectl apply -f istio/rollouts/forecast-rollout.yaml");
        Rollouts.forecastWhen(cluster, "Healthy at v1", Duration.ofMinutes(5),
                r -> Rollouts.phase(r).equals("Healthy"));
        run("kubectl delete deployment forecast-v1 -n weather");
        gateway = DataPlane.gateway(cluster);
        DataPlane.awaitProxiesSynced(cluster);
        run(LessonDocument.bash(PAGE, SECTION, 1));
    }

    @AfterAll
    static void writeTheReport() throws IOException {
        if (!rows.isEmpty()) {
            Files.createDirectories(REPORT.getParent());
            String report = "# The automated canary on the data plane\n\n" + LOAD_PER_SECOND
                    + " requests/s GET /api/probe?city=" + CITY + " through the gateway; analysis window "
                    + WINDOW_SECONDS + " s, initial delay " + INITIAL_DELAY_SECONDS + " s, interval " + INTERVAL_SECONDS
                    + " s, count 2.\n\n" + "| run | figure | value |\n|---|---|---|\n" + String.join("\n", rows) + "\n";
            Files.writeString(REPORT, report);
            System.out.println(report);
        }
    }

    @Test
    @Order(1)
    void aBadV2IsAbortedByTheAnalysisAloneAndAllTrafficIsBackOnV1() {
        SteadyLoad load = SteadyLoad.start(gateway, CITY, LOAD_PER_SECOND);
        long started = System.nanoTime();
        run(LessonDocument.bash(PAGE, SECTION, 2));
        routeWhen(List.of(90, 10), Duration.ofMinutes(3));
        long canaryGotTraffic = System.nanoTime();
        JsonNode aborted = Rollouts.forecastWhen(cluster, "aborted by the analysis", Duration.ofMinutes(3),
                r -> Rollouts.phase(r).equals("Degraded") && r.path("status").path("abort").asBoolean());
        routeWhen(List.of(100, 0), Duration.ofSeconds(30));
        long routeBack = System.nanoTime();
        DataPlane.awaitProxiesSynced(cluster);
        long proxiesBack = System.nanoTime();
        SteadyLoad.Outcome outcome = load.stop();

        String badHash = aborted.path("status").path("currentPodHash").asText();
        assertThat(aborted.path("status").path("message").asText()).startsWith("RolloutAborted")
            .contains("success-rate");
        JsonNode run = analysisRuns(badHash).getFirst();
        assertThat(run.path("status").path("phase").asText()).isEqualTo("Failed");
        assertThat(measurements(run, "success-rate")).containsExactly("[0]");
        assertThat(new CanaryMeter(gateway, CITY).send(100)).as("the canary meter after the abort")
            .isEqualTo(Map.of("v1", 100));
        theRolloutLooksAsThePageShows(0);

        double secondsToAbort = seconds(canaryGotTraffic, routeBack);
        double secondsWithTraffic = seconds(canaryGotTraffic, proxiesBack);
        assertThat(Duration.ofMillis((long) (secondsWithTraffic * 1000))).as("from 10%% to 100%% v1 again")
            .isLessThanOrEqualTo(Duration.ofSeconds(INITIAL_DELAY_SECONDS + INTERVAL_SECONDS).plus(PUSH_AND_RECONCILE));
        long failedAtCanary = Math
            .round(query("sum(max_over_time(http_server_requests_seconds_count{namespace=\"weather\","
                    + " app=\"forecast\", rollouts_pod_template_hash=\"" + badHash + "\", uri!~\"/actuator.*\","
                    + " status=~\"5..\"}[15m]))"));
        // Each request sent while the canary had its weight went to it with that chance
        int sentWhileCanary = (int) Math.ceil(LOAD_PER_SECOND * secondsWithTraffic);
        int bound = CanaryMeter.binomialInterval(sentWhileCanary, FIRST_WEIGHT, 0.999).high();
        assertThat(failedAtCanary).as("requests that reached the bad v2 and failed")
            .isPositive()
            .isLessThanOrEqualTo(bound);
        // The canary's own count misses what it answered after its last scrape; the load
        // counts every answer, and each failed one is the fault switch's 503
        assertThat(outcome.counts().keySet()).as("the load's outcomes").containsOnly("200", "503");
        assertThat(outcome.failed()).as("failed answers to users").isLessThanOrEqualTo(bound);

        row("bad v2", "patch to 10% on the canary", "%.1f s", seconds(started, canaryGotTraffic));
        row("bad v2", "10% on the canary to forecast-route back at 100/0 (time to abort)", "%.1f s", secondsToAbort);
        row("bad v2", "... to every proxy synced with istiod (100% v1)", "%.1f s", secondsWithTraffic);
        row("bad v2", "AnalysisRun", "%s, success-rate %s", run.path("status").path("phase").asText(),
                measurements(run, "success-rate"));
        row("bad v2", "requests that reached the bad v2 and failed: its own metrics, the load's 503", "%d, %d",
                failedAtCanary, outcome.failed());
        row("bad v2", "bound: weight × load × time, upper end of the 99.9% binomial interval",
                "%d (%.0f%% of %d requests sent)", bound, FIRST_WEIGHT * 100, sentWhileCanary);
        row("bad v2", "the load's outcome", "%s", outcome);
    }

    @Test
    @Order(2)
    void aHealthyV2WalksTo100PercentByItselfWithEveryAnalysisSuccessfulAndNoFailedRequest() {
        SteadyLoad load = SteadyLoad.start(gateway, CITY, LOAD_PER_SECOND);
        long started = System.nanoTime();
        run(LessonDocument.bash(PAGE, SECTION, 3));
        meterAt(List.of(90, 10), 0.10);
        meterAt(List.of(50, 50), 0.50);
        List<List<Integer>> weights = new ArrayList<>();
        AtomicReference<JsonNode> rollout = new AtomicReference<>();
        Awaitility.await("the healthy v2 promoted to stable")
            .atMost(Duration.ofMinutes(5))
            .pollInterval(POLL)
            .until(() -> {
                changed(weights, routeWeights());
                rollout.set(cluster.kubectlJson("get rollout forecast -n weather"));
                JsonNode status = rollout.get().path("status");
                assertThat(Rollouts.phase(rollout.get())).as("the Rollout: %s", status).isNotIn("Degraded", "Paused");
                return Rollouts.phase(rollout.get()).equals("Healthy")
                        && status.path("stableRS").asText().equals(status.path("currentPodHash").asText())
                        && status.path("currentStepIndex").asInt() == 4;
            });
        long promoted = System.nanoTime();
        changed(weights, routeWeights());
        SteadyLoad.Outcome outcome = load.stop();

        assertThat(outcome.failed()).as("failed requests during the rollout: %s", outcome).isZero();
        // After its last step the controller may give the canary 100 before it makes the
        // canary's ReplicaSet the stable one and sets 100 on stable: both are all traffic
        // to v2
        assertThat(weights).as("forecast-route's weights as seen")
            .isIn(List.of(List.of(50, 50), List.of(100, 0)),
                    List.of(List.of(50, 50), List.of(0, 100), List.of(100, 0)));
        List<JsonNode> runs = analysisRuns(rollout.get().path("status").path("stableRS").asText());
        assertThat(runs).as("an AnalysisRun at 10% and one at 50%").hasSize(2);
        for (JsonNode run : runs) {
            assertThat(run.path("status").path("phase").asText()).as(run.path("metadata").path("name").asText())
                .isEqualTo("Successful");
            row("healthy v2", run.path("metadata").path("name").asText(), "%s, success-rate %s, latency-p95 %s s",
                    run.path("status").path("phase").asText(), measurements(run, "success-rate"),
                    measurements(run, "latency-p95"));
        }
        assertThat(new CanaryMeter(gateway, CITY).send(100)).as("the canary meter at the end")
            .isEqualTo(Map.of("v2", 100));
        theRolloutLooksAsThePageShows(1);
        row("healthy v2", "patch to Healthy at 100% v2, nobody promoting", "%.1f s", seconds(started, promoted));
        row("healthy v2", "forecast-route's weights from 50% on", "%s", weights);
        row("healthy v2", "the load's outcome", "%s", outcome);
    }

    /**
     * Once forecast-route has these weights and every proxy has them, the page's canary
     * meter must show v2's share within the 99.9% binomial interval, and no failure.
     */
    private static void meterAt(List<Integer> weights, double v2Share) {
        routeWhen(weights, Duration.ofMinutes(3));
        DataPlane.awaitProxiesSynced(cluster);
        Map<String, Integer> answered = new CanaryMeter(gateway, CITY).send(METER_PROBES);
        CanaryMeter.Interval expected = CanaryMeter.binomialInterval(METER_PROBES, v2Share, 0.999);
        assertThat(answered.keySet()).as("the canary meter at %s: %s", weights, answered).isSubsetOf("v1", "v2");
        assertThat(answered.getOrDefault("v2", 0)).as("v2 of %d at %s", METER_PROBES, weights)
            .isBetween(expected.low(), expected.high());
        row("healthy v2", "the canary meter at " + weights, "%s (v2 expected %d to %d)", answered, expected.low(),
                expected.high());
    }

    /**
     * The section's {@code index}th {@code kubectl argo rollouts get rollout}, run as
     * written through the plugin on the PATH, must print the screen the page shows after
     * it (masked: {@link PluginScreen}) within the old ReplicaSet's scale-down delay and
     * the controller's resync; it prints what it saw.
     */
    private static void theRolloutLooksAsThePageShows(int index) {
        Map.Entry<String, String> block = LessonDocument.shownOutputs(PAGE, SECTION)
            .stream()
            .filter(shown -> shown.getKey().startsWith("kubectl argo rollouts get rollout "))
            .toList()
            .get(index);
        AtomicReference<String> screen = new AtomicReference<>("");
        try {
            Awaitility.await("the page's screen of " + block.getKey())
                .atMost(Duration.ofSeconds(75))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    screen.set(run(block.getKey()).output());
                    assertThat(PluginScreen.masked(screen.get())).as(block.getKey())
                        .isEqualTo(PluginScreen.masked(block.getValue()));
                });
        }
        finally {
            System.out.println(block.getKey() + "\n" + screen.get());
        }
    }

    /**
     * A JSON patch of the template's argument at this index, tested to be the named one.
     */
    private static String argument(int index, String name, String value) {
        return "{\"op\": \"test\", \"path\": \"/spec/args/" + index + "/name\", \"value\": \"" + name + "\"},"
                + "{\"op\": \"replace\", \"path\": \"/spec/args/" + index + "/value\", \"value\": \"" + value + "\"}";
    }

    private static List<Integer> routeWeights() {
        List<Integer> weights = new ArrayList<>();
        cluster.kubectlJson("get virtualservice forecast-route -n weather")
            .path("spec")
            .path("http")
            .path(0)
            .path("route")
            .forEach(route -> weights.add(route.path("weight").asInt()));
        return weights;
    }

    /** Adds the weights to the list when they differ from its last ones. */
    private static void changed(List<List<Integer>> seen, List<Integer> weights) {
        if (seen.isEmpty() || !seen.getLast().equals(weights)) {
            seen.add(weights);
        }
    }

    private static void routeWhen(List<Integer> weights, Duration atMost) {
        Awaitility.await("forecast-route at " + weights)
            .atMost(atMost)
            .pollInterval(POLL)
            .untilAsserted(() -> assertThat(routeWeights()).isEqualTo(weights));
    }

    /** The AnalysisRuns of the revision with this pod-template hash, oldest first. */
    private static List<JsonNode> analysisRuns(String hash) {
        List<JsonNode> runs = new ArrayList<>();
        cluster.kubectlJson("get analysisruns -n weather -l rollouts-pod-template-hash=" + hash)
            .path("items")
            .forEach(runs::add);
        runs.sort(
                (a, b) -> a.path("metadata").path("name").asText().compareTo(b.path("metadata").path("name").asText()));
        assertThat(runs).as("AnalysisRuns of %s", hash).isNotEmpty();
        return runs;
    }

    private static List<String> measurements(JsonNode run, String metric) {
        List<String> values = new ArrayList<>();
        run.path("status").path("metricResults").forEach(result -> {
            if (result.path("name").asText().equals(metric)) {
                result.path("measurements").forEach(measurement -> values.add(measurement.path("value").asText()));
            }
        });
        return values;
    }

    /** The value of an instant query of the data plane's Prometheus (0 without data). */
    private static double query(String promql) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest
                .newBuilder(URI
                    .create(prometheus + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode result = JSON.readTree(response.body()).path("data").path("result");
            return result.isEmpty() ? 0 : result.path(0).path("value").path(1).asDouble();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static void row(String run, String figure, String format, Object... values) {
        rows.add("| " + run + " | " + figure + " | " + String.format(format, values) + " |");
    }

}
