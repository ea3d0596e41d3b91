package io.weatherforecast.lessons.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.tutorial.ScenarioDocument;
import io.weatherforecast.lessons.tutorial.TutorialStep;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios of docs/scenarios/ on the real control plane: the tutorial is replayed
 * once to its end, then each scenario's page is run as written (its commands, their
 * output compared with the page), istiod's answer to the proxies the scenario changes is
 * asserted after the steps named below, and after the page's undo istiod's answers for
 * every pod and the gateway are compared with those at the end of the tutorial. What
 * Envoy would do with these answers cannot be seen here: no request passes a proxy.
 */
class ScenariosOnClusterIT extends OnLocalCluster {

    private static final String DOMAIN = MeshState.DOMAIN;

    private static final String FORECAST = "forecast." + DOMAIN;

    private static final String FORECAST_V1 = "outbound|3002|v1|" + FORECAST;

    private static final String FORECAST_V2 = "outbound|3002|v2|" + FORECAST;

    private static final String FRONTEND_V1 = "outbound|3000|v1|frontend." + DOMAIN;

    private static final String FRONTEND_V2 = "outbound|3000|v2|frontend." + DOMAIN;

    private static final String ADVERTISEMENT = "advertisement." + DOMAIN;

    private static final String RECOMMENDATION = "recommendation." + DOMAIN;

    private static final String RECOMMENDATION_V1 = "outbound|3005|v1|" + RECOMMENDATION;

    private static final String GATEWAY_ROUTE = "http.8080";

    private static final String FAULT = "envoy.filters.http.fault";

    private static MeshAnswers tutorialEnd;

    /**
     * What istiod must answer after a step of a scenario's "Apply", by scenario and step
     * number; every scenario has one for its last step.
     */
    private static final Map<String, Map<Integer, Consumer<MeshAnswers>>> EFFECTS = Map.of("canary-by-user-agent",
            Map.of(3, ScenariosOnClusterIT::chromeToV2), "frontend-v2",
            Map.of(3, ScenariosOnClusterIT::androidToFrontendV2, 4, ScenariosOnClusterIT::frontendFiftyFifty),
            "tester-canary", Map.of(6, ScenariosOnClusterIT::testerChainIsV2), "fault-injection",
            Map.of(2, ScenariosOnClusterIT::faults), "timeouts-and-retries",
            Map.of(1, ScenariosOnClusterIT::timeoutAndRetries), "circuit-breaker",
            Map.of(1, ScenariosOnClusterIT::circuitBreaker), "mirroring", Map.of(3, ScenariosOnClusterIT::mirror),
            "load-balancing", Map.of(2, ScenariosOnClusterIT::loadBalancing), "edge-routing",
            Map.of(1, ScenariosOnClusterIT::rewriteAndRedirect), "sidecar-scope",
            Map.of(1, ScenariosOnClusterIT::narrowedSidecars));

    @BeforeAll
    static void replayTheTutorial() {
        runTheTutorialToItsEnd();
        tutorialEnd = MeshAnswers.settled(cluster);
        assertThat(tutorialEnd.problems()).as("at the end of the tutorial").isEmpty();
    }

    @TestFactory
    Stream<DynamicNode> everyScenarioShowsInIstiodsAnswerAndItsUndoGivesBackTheTutorialsAnswers() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (ScenarioDocument scenario : ScenarioDocument.all(ProjectFiles.root())) {
            Map<Integer, Consumer<MeshAnswers>> effects = EFFECTS.getOrDefault(scenario.name(), Map.of());
            List<DynamicNode> checks = new ArrayList<>();
            checks.add(DynamicTest.dynamicTest("its last apply step has an assertion on istiod's answer",
                    () -> assertThat(effects).containsKey(scenario.apply().getLast().number())));
            for (TutorialStep step : scenario.apply()) {
                AtomicReference<MeshAnswers> answers = new AtomicReference<>();
                checks.add(DynamicTest.dynamicTest(step + " runs and prints what the page shows", () -> {
                    runAsWritten(step);
                    if (effects.containsKey(step.number())) {
                        answers.set(MeshAnswers.settled(cluster));
                    }
                }));
                if (effects.containsKey(step.number())) {
                    checks.add(DynamicTest.dynamicTest("after step " + step.number() + " istiod sends what it says",
                            () -> {
                                assertThat(answers.get()).as("%s ran", step).isNotNull();
                                assertThat(answers.get().problems()).as("after %s", step).isEmpty();
                                effects.get(step.number()).accept(answers.get());
                            }));
                }
            }
            for (TutorialStep step : scenario.undo()) {
                checks.add(DynamicTest.dynamicTest(step + " runs and prints what the page shows",
                        () -> runAsWritten(step)));
            }
            checks.add(DynamicTest.dynamicTest("after undo istiod's answers are those of the tutorial's end", () -> {
                MeshAnswers undone = MeshAnswers.settled(cluster);
                assertThat(undone.problems()).isEmpty();
                assertThat(undone.differencesFrom(tutorialEnd)).as("what istiod sends now, against the tutorial's end")
                    .isEmpty();
            }));
            nodes.add(DynamicContainer.dynamicContainer(scenario.toString(), checks.stream()));
        }
        return nodes.stream();
    }

    private static void chromeToV2(MeshAnswers answers) {
        List<JsonNode> routes = answers.sidecar("frontend", "v1").routes("3002", FORECAST);
        assertThat(routes).hasSize(2);
        assertThat(header(routes.get(0), "user-agent")).isEqualTo(".*Chrome.*");
        assertThat(routes.get(0).path("route").path("cluster").asText()).isEqualTo(FORECAST_V2);
        assertThat(routes.get(1).path("match").has("headers")).isFalse();
        assertThat(routes.get(1).path("route").path("cluster").asText()).isEqualTo(FORECAST_V1);
        assertThat(answers.sidecar("frontend", "v1").endpoints(FORECAST_V1))
            .containsExactlyElementsOf(answers.ips("forecast", "v1"));
    }

    private static void androidToFrontendV2(MeshAnswers answers) {
        List<JsonNode> routes = answers.gateway().routes(GATEWAY_ROUTE, "*");
        assertThat(routes).hasSize(2);
        assertThat(header(routes.get(0), "user-agent")).isEqualTo(".*Android.*");
        assertThat(routes.get(0).path("route").path("cluster").asText()).isEqualTo(FRONTEND_V2);
        assertThat(routes.get(1).path("match").has("headers")).isFalse();
        assertThat(routes.get(1).path("route").path("cluster").asText()).isEqualTo(FRONTEND_V1);
        assertThat(answers.gateway().endpoints(FRONTEND_V2)).containsExactlyElementsOf(answers.ips("frontend", "v2"));
    }

    private static void frontendFiftyFifty(MeshAnswers answers) {
        assertThat(answers.gateway().routeTo(GATEWAY_ROUTE, "*")).contains(List
            .of(new ProxyConfig.WeightedCluster(FRONTEND_V1, 50), new ProxyConfig.WeightedCluster(FRONTEND_V2, 50)));
    }

    private static void testerChainIsV2(MeshAnswers answers) {
        List<JsonNode> page = answers.gateway().routes(GATEWAY_ROUTE, "*");
        assertThat(page).hasSize(2);
        assertThat(header(page.get(0), "cookie")).isEqualTo("(^|.*;\\s*)user=tester(;.*|$)");
        assertThat(page.get(0).path("route").path("cluster").asText()).isEqualTo(FRONTEND_V2);
        assertThat(page.get(1).path("route").path("cluster").asText()).isEqualTo(FRONTEND_V1);
        // sourceLabels: istiod gives each frontend version's sidecar its own forecast
        // route
        ProxyConfig v2 = answers.sidecar("frontend", "v2");
        assertThat(v2.routes("3002", FORECAST)).extracting(route -> route.path("route").path("cluster").asText())
            .containsExactly(FORECAST_V2);
        ProxyConfig v1 = answers.sidecar("frontend", "v1");
        assertThat(v1.routes("3002", FORECAST)).extracting(route -> route.path("route").path("cluster").asText())
            .containsExactly(FORECAST_V1);
        assertThat(v1.routedClusters()).doesNotContain(FORECAST_V2);
    }

    private static void faults(MeshAnswers answers) {
        JsonNode abort = answers.sidecar("frontend", "v1")
            .routes("3003", ADVERTISEMENT)
            .getFirst()
            .path("typed_per_filter_config")
            .path(FAULT)
            .path("abort");
        assertThat(abort.path("http_status").asInt()).isEqualTo(503);
        assertThat(perMillion(abort.path("percentage"))).isEqualTo(500_000);
        JsonNode delay = answers.sidecar("forecast", "v2")
            .routes("3005", RECOMMENDATION)
            .getFirst()
            .path("typed_per_filter_config")
            .path(FAULT)
            .path("delay");
        assertThat(delay.path("fixed_delay").asText()).isEqualTo("0.300s");
        assertThat(perMillion(delay.path("percentage"))).isEqualTo(1_000_000);
        assertThat(tutorialEnd.sidecar("frontend", "v1").routes("3003", ADVERTISEMENT).getFirst().toString())
            .as("the tutorial's route")
            .doesNotContain(FAULT);
    }

    private static void timeoutAndRetries(MeshAnswers answers) {
        JsonNode route = answers.sidecar("forecast", "v2").routes("3005", RECOMMENDATION).getFirst().path("route");
        assertThat(route.path("timeout").asText()).isEqualTo("0.800s");
        JsonNode retries = route.path("retry_policy");
        assertThat(retries.path("retry_on").asText()).isEqualTo("5xx,reset,connect-failure,refused-stream");
        assertThat(retries.path("num_retries").asInt()).isEqualTo(3);
        assertThat(retries.path("per_try_timeout").asText()).isEqualTo("0.500s");
        JsonNode before = tutorialEnd.sidecar("forecast", "v2").routes("3005", RECOMMENDATION).getFirst().path("route");
        assertThat(before.path("timeout").asText()).as("the tutorial's timeout").isEqualTo("0s");
        assertThat(before.path("retry_policy").path("num_retries").asInt()).as("the tutorial's retries").isEqualTo(2);
    }

    private static void circuitBreaker(MeshAnswers answers) {
        ProxyConfig forecast = answers.sidecar("forecast", "v2");
        for (String name : List.of(RECOMMENDATION_V1, "outbound|3005||" + RECOMMENDATION)) {
            JsonNode cluster = forecast.cluster(name);
            JsonNode thresholds = cluster.path("circuit_breakers").path("thresholds").path(0);
            assertThat(thresholds.path("max_connections").asLong()).as(name).isEqualTo(10);
            assertThat(thresholds.path("max_pending_requests").asLong()).as(name).isEqualTo(5);
            assertThat(cluster.path("typed_extension_protocol_options")
                .path("envoy.extensions.upstreams.http.v3.HttpProtocolOptions")
                .path("common_http_protocol_options")
                .path("max_requests_per_connection")
                .asInt()).as(name).isEqualTo(20);
            JsonNode outliers = cluster.path("outlier_detection");
            assertThat(outliers.path("consecutive_5xx").asInt()).as(name).isEqualTo(3);
            assertThat(outliers.path("interval").asText()).as(name).isEqualTo("5s");
            assertThat(outliers.path("base_ejection_time").asText()).as(name).isEqualTo("30s");
            assertThat(outliers.path("max_ejection_percent").asInt()).as(name).isEqualTo(100);
        }
        assertThat(tutorialEnd.sidecar("forecast", "v2").cluster(RECOMMENDATION_V1).has("outlier_detection"))
            .as("the tutorial's cluster has outlier detection")
            .isFalse();
    }

    private static void mirror(MeshAnswers answers) {
        List<JsonNode> routes = answers.sidecar("frontend", "v1").routes("3002", FORECAST);
        assertThat(routes).hasSize(1);
        JsonNode route = routes.getFirst().path("route");
        assertThat(route.path("cluster").asText()).isEqualTo(FORECAST_V1);
        JsonNode mirror = route.path("request_mirror_policies");
        assertThat(mirror).hasSize(1);
        assertThat(mirror.path(0).path("cluster").asText()).isEqualTo(FORECAST_V2);
        assertThat(perMillion(mirror.path(0).path("runtime_fraction").path("default_value"))).isEqualTo(1_000_000);
        assertThat(answers.sidecar("frontend", "v1").endpoints(FORECAST_V2))
            .containsExactlyElementsOf(answers.ips("forecast", "v2"));
    }

    private static void loadBalancing(MeshAnswers answers) {
        ProxyConfig frontend = answers.sidecar("frontend", "v1");
        JsonNode route = frontend.routes("3002", FORECAST).getFirst().path("route");
        assertThat(route.path("cluster").asText()).isEqualTo(FORECAST_V2);
        assertThat(route.path("hash_policy")).hasSize(1);
        assertThat(route.path("hash_policy").path(0).path("cookie").path("name").asText()).isEqualTo("user");
        assertThat(frontend.cluster(FORECAST_V2).path("lb_policy").asText()).isEqualTo("RING_HASH");
        // protojson leaves out an enum's default: no lb_policy is ROUND_ROBIN
        assertThat(frontend.cluster("outbound|3002||" + FORECAST).has("lb_policy")).isFalse();
        assertThat(
                tutorialEnd.sidecar("frontend", "v1").cluster("outbound|3002||" + FORECAST).path("lb_policy").asText())
            .isEqualTo("LEAST_REQUEST");
        assertThat(answers.ips("forecast", "v2")).hasSize(3);
        assertThat(frontend.endpoints(FORECAST_V2)).containsExactlyInAnyOrderElementsOf(answers.ips("forecast", "v2"));
    }

    private static void rewriteAndRedirect(MeshAnswers answers) {
        List<JsonNode> routes = answers.gateway().routes(GATEWAY_ROUTE, "*");
        assertThat(routes).hasSize(3);
        assertThat(routes.get(0).path("match").path("path").asText()).isEqualTo("/weather");
        assertThat(routes.get(0).path("route").path("prefix_rewrite").asText()).isEqualTo("/");
        assertThat(routes.get(0).path("route").path("cluster").asText()).isEqualTo(FRONTEND_V1);
        assertThat(routes.get(1).path("match").path("path").asText()).isEqualTo("/api/forecast");
        assertThat(routes.get(1).has("route")).isFalse();
        assertThat(routes.get(1).path("redirect").path("path_redirect").asText()).isEqualTo("/api/weather");
        // protojson leaves out an enum's default: no response_code is MOVED_PERMANENTLY,
        // 301
        assertThat(routes.get(1).path("redirect").path("response_code").asText("MOVED_PERMANENTLY"))
            .isEqualTo("MOVED_PERMANENTLY");
        assertThat(routes.get(2).path("match").path("prefix").asText()).isEqualTo("/");
        assertThat(routes.get(2).path("route").path("cluster").asText()).isEqualTo(FRONTEND_V1);
    }

    private static void narrowedSidecars(MeshAnswers answers) {
        assertThat(appClusters(tutorialEnd.sidecar("frontend", "v1"))).as("the tutorial's frontend sidecar")
            .anyMatch(name -> name.endsWith(RECOMMENDATION));
        assertThat(appClusters(answers.sidecar("frontend", "v1"))).containsExactlyInAnyOrder(
                "outbound|3002||" + FORECAST, FORECAST_V2, "outbound|3003||" + ADVERTISEMENT,
                "outbound|3003|v1|" + ADVERTISEMENT);
        assertThat(appClusters(answers.sidecar("forecast", "v2")))
            .containsExactlyInAnyOrder("outbound|3005||" + RECOMMENDATION, RECOMMENDATION_V1);
        for (String app : List.of("advertisement", "recommendation")) {
            ProxyConfig config = answers.sidecar(app, "v1");
            assertThat(appClusters(config)).as(app).isEmpty();
            assertThat(config.clusterNames()).as(app).contains("outbound|443||kubernetes.default.svc.cluster.local");
        }
    }

    /** The outbound clusters of the app's services (weather namespace) a proxy knows. */
    private static List<String> appClusters(ProxyConfig config) {
        return config.clusterNames()
            .stream()
            .filter(name -> name.startsWith("outbound|") && name.endsWith(DOMAIN))
            .toList();
    }

    /** The regular expression a route matches the header {@code name} with. */
    private static String header(JsonNode route, String name) {
        for (JsonNode header : route.path("match").path("headers")) {
            if (header.path("name").asText().equals(name)) {
                return header.path("string_match").path("safe_regex").path("regex").asText();
            }
        }
        throw new AssertionError("no match on the header " + name + " in " + route.path("match"));
    }

    private static int perMillion(JsonNode percent) {
        assertThat(percent.path("denominator").asText()).isEqualTo("MILLION");
        return percent.path("numerator").asInt();
    }

}
