package io.weatherforecast.lessons.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.TutorialStep;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/gateway-api.md (sidecar mode) proven by requests through real Envoy, on the
 * cluster of {@code scripts/cluster.sh up --data-plane}: every step runs as written, and
 * after each step with a canary-meter line the canary meter's probes pass the gateway
 * istiod deploys for the page's {@code Gateway} (its Envoy in a pod of its own) and the
 * frontend's sidecar, which splits forecast by the {@code HTTPRoute}'s weights. The host
 * has no way to that gateway ({@code kubectl port-forward} needs a kubelet), so the
 * probes leave from the mesh's client pod of docs/security.md
 * ({@code k8s/optional/curl-clients.yaml}) to the gateway's Service, as a request from
 * inside the cluster does. A line of 100% is checked with {@link #EXACT_PROBES} probes, a
 * split with {@link #SPLIT_PROBES}. Every figure goes to
 * {@code target/gateway-api-through-envoy.md}.
 */
@UpWith("--data-plane")
class GatewayApiThroughEnvoyIT extends OnLocalCluster {

    private static final Path ROOT = ProjectFiles.root();

    private static final List<TutorialStep> STEPS = LessonDocument.tutorialSteps(ROOT.resolve("docs/gateway-api.md"));

    private static final int EXACT_PROBES = 100;

    private static final int SPLIT_PROBES = 400;

    private static final double INTERVAL_MASS = 0.999;

    private static final String CLIENT_PODS = "kubectl apply -f k8s/optional/curl-clients.yaml && "
            + "kubectl wait --for=condition=Available deployment/curl -n weather --timeout=2m";

    /** The canary meter's probe from the client pod, through the Gateway's Service. */
    private static final String PROBES = "kubectl exec -n weather deploy/curl -c curl -- sh -c "
            + "'for i in $(seq %d); do curl -s -m 5 \"http://weather-gateway-istio/api/probe?city=beijing\"; echo; done'";

    private static final Path REPORT = ROOT.resolve("tests/lessons/target/gateway-api-through-envoy.md");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> rows = new ArrayList<>();

    private static boolean clientRuns;

    @AfterAll
    static void writeTheReport() throws IOException {
        if (!rows.isEmpty()) {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT,
                    "# docs/gateway-api.md through Envoy\n\nThe canary meter `GET /api/probe?city=beijing` from the "
                            + "client pod `curl` through the Gateway's Service `weather-gateway-istio`.\n\n"
                            + "| after step | the page says | answered | expected |\n|---|---|---|---|\n"
                            + String.join("\n", rows) + "\n");
        }
    }

    @TestFactory
    Stream<DynamicNode> everyCanaryMeterLineOfThePageIsWhatRequestsThroughTheGatewayShow() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (TutorialStep step : STEPS) {
            List<DynamicTest> checks = new ArrayList<>();
            checks.add(DynamicTest.dynamicTest("runs as written", () -> {
                LocalCluster.Result result = cluster.shell(step.command().line());
                assertThat(result.exitStatus()).as("%s: %s", step, result.errors()).isZero();
            }));
            step.canaryMeter()
                .ifPresent(shares -> checks
                    .add(DynamicTest.dynamicTest("the canary meter through the Gateway's Envoy shows " + shares,
                            () -> canaryMeter(step, shares))));
            nodes.add(DynamicContainer.dynamicContainer(step.toString(), checks.stream()));
        }
        return nodes.stream();
    }

    private static void canaryMeter(TutorialStep step, Map<String, Integer> shares) {
        WeatherPods.awaitSettled(cluster);
        if (!clientRuns) {
            LocalCluster.Result started = cluster.shell(CLIENT_PODS);
            assertThat(started.exitStatus()).as(started.errors()).isZero();
            WeatherPods.awaitSettled(cluster);
            clientRuns = true;
        }
        int n = shares.containsValue(100) ? EXACT_PROBES : SPLIT_PROBES;
        LocalCluster.Result result = PodExec.shell(cluster, PROBES.formatted(n));
        assertThat(result.exitStatus()).as(result.errors()).isZero();
        Map<String, Integer> counts = new TreeMap<>();
        result.output().lines().forEach(line -> counts.merge(version(line), 1, Integer::sum));
        rows.add("| " + step.number() + ". " + step.title() + " | " + shares + " | " + counts + " | "
                + CanaryMeter.expected(shares, n, INTERVAL_MASS) + " |");
        System.out.println("[gateway-api through Envoy] " + rows.getLast());
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).as("%s", counts).isEqualTo(n);
        CanaryMeter.assertShares("after " + step, shares, counts, n, INTERVAL_MASS);
    }

    /** The version of a probe's answer, or {@link CanaryMeter#FAILED}. */
    private static String version(String line) {
        try {
            return line.isBlank() ? CanaryMeter.FAILED : JSON.readTree(line).path("version").asText(CanaryMeter.FAILED);
        }
        catch (JsonProcessingException ex) {
            return CanaryMeter.FAILED;
        }
    }

}
