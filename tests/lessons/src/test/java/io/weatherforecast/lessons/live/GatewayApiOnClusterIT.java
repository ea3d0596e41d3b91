package io.weatherforecast.lessons.live;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.live.ClusterReplay.StepRun;
import io.weatherforecast.lessons.live.MeshState.Ingress;
import io.weatherforecast.lessons.live.ProxyConfig.WeightedCluster;
import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.TutorialStep;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/gateway-api.md as an attendee runs it, on the real control plane with the Gateway
 * API's CRDs: every command as written, its output compared with the page's, and after
 * every step that changes the cluster istiod's answer asserted: the frontend's sidecar
 * splits forecast between the Services forecast-v1 and forecast-v2 with the step's
 * weights (the page's canary meter line), every routed cluster has the pods of its
 * version, and the gateway istiod deploys for the Gateway sends the page to frontend. The
 * Gateway's and the routes' status, as istiod writes it, is asserted too. What cannot run
 * here: Envoy, so no request is split for real. The page is run from the tutorial's end,
 * where an attendee who comes to it is: its "From where you are" first, its "Clean up"
 * last.
 */
class GatewayApiOnClusterIT extends OnLocalCluster {

    private static final Path PAGE = ProjectFiles.root().resolve("docs/gateway-api.md");

    private static final List<TutorialStep> STEPS = LessonDocument.tutorialSteps(PAGE);

    private static final String FRONTEND = "outbound|3000||frontend." + MeshState.DOMAIN;

    private static final String CONTROLLER = "istio.io/gateway-controller";

    private static final Optional<Map<String, Integer>> FIFTY_FIFTY = Optional.of(Map.of("v1", 50, "v2", 50));

    @TestFactory
    Stream<DynamicNode> everyStepOfThePageWorksAsWrittenAndIstiodRoutesAsItSays() {
        AtomicReference<StepRun> last = new AtomicReference<>();
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(DynamicTest.dynamicTest("from the tutorial's end, where the attendee is, the chapter's first"
                + " commands leave no namespace weather and no Gateway of the tutorial", () -> {
                    runTheTutorialToItsEnd();
                    runSection(PAGE, "From where you are");
                    assertNoNamespace(MeshState.NAMESPACE);
                    assertThat(cluster.shell("kubectl get gateways.networking.istio.io -A -o name").output()).isBlank();
                }));
        for (TutorialStep step : STEPS) {
            List<DynamicTest> checks = new ArrayList<>(
                    ClusterReplay.stepChecks(cluster, step, Ingress.GATEWAY_API, FRONTEND, last));
            if (step.changesCluster() && FIFTY_FIFTY.equals(step.canaryMeter())) {
                checks.add(DynamicTest.dynamicTest("the frontend splits forecast between forecast-v1 and forecast-v2",
                        () -> assertThat(ClusterReplay.meshAfter(last, step)
                            .frontend()
                            .orElseThrow()
                            .routeTo(MeshState.FORECAST_ROUTE, MeshState.FORECAST_HOST))
                            .as("the frontend's route for forecast:3002")
                            .contains(List.of(new WeightedCluster("outbound|3002||forecast-v1." + MeshState.DOMAIN, 50),
                                    new WeightedCluster("outbound|3002||forecast-v2." + MeshState.DOMAIN, 50)))));
            }
            if (step.command().line().contains("istio/gateway-api/weather-gateway.yaml")) {
                checks.add(DynamicTest.dynamicTest("istiod deployed the gateway and accepted the Gateway and its route",
                        () -> ClusterReplay.eventually(GatewayApiOnClusterIT::gatewayAsIstiodReportsIt)));
            }
            if (step.command().line().contains("istio/gateway-api/forecast-route-")) {
                checks.add(
                        DynamicTest.dynamicTest("istiod accepted forecast's route for the Service forecast",
                                () -> ClusterReplay.eventually(() -> assertAccepted(
                                        cluster.kubectlJson("get httproute forecast-route -n weather"), "Service",
                                        "forecast"))));
            }
            nodes.add(DynamicContainer.dynamicContainer(step.toString(), checks.stream()));
        }
        nodes.add(ClusterReplay.forecastV1IsGoneAtTheEnd(last, "forecast-v1." + MeshState.DOMAIN));
        nodes.add(DynamicTest.dynamicTest(
                "every file under istio/gateway-api/ passes the API server's strict validation against the CRDs",
                () -> {
                    acceptedStrictly("-R -f istio/gateway-api");
                    // ... and the CRDs' own rules apply: a weight above the maximum
                    refusedStrictly("istio/gateway-api/forecast-route-50.yaml", "s/weight: 50/weight: 1000001/",
                            "weight");
                }));
        nodes.add(DynamicTest.dynamicTest("the clean-up leaves no namespace weather", () -> {
            runSection(PAGE, "Clean up");
            assertNoNamespace(MeshState.NAMESPACE);
        }));
        return nodes.stream();
    }

    /**
     * The Deployment and Service istiod made for the Gateway, the gateway's listener and
     * route in istiod's answer, and the status istiod wrote.
     */
    private static void gatewayAsIstiodReportsIt() {
        JsonNode deployment = cluster.kubectlJson("get deployment weather-gateway-istio -n weather");
        assertThat(deployment.path("metadata").path("labels").path("gateway.istio.io/managed").asText())
            .isEqualTo("istio.io-gateway-controller");
        JsonNode service = cluster.kubectlJson("get service weather-gateway-istio -n weather");
        assertThat(service.path("spec").path("ports").findValuesAsText("port")).contains("80");

        MeshState mesh = ClusterReplay.settled(cluster, Ingress.GATEWAY_API);
        ProxyConfig gateway = mesh.gateway().orElseThrow(() -> new AssertionError("no pod of the gateway"));
        assertThat(gateway.dump().path("listeners").has("0.0.0.0_80"))
            .as("listeners of %s: %s", gateway.proxy(),
                    gateway.dump().path("listeners").properties().stream().map(Map.Entry::getKey).toList())
            .isTrue();
        assertThat(gateway.routeTo("http.80", "*")).contains(List.of(new WeightedCluster(FRONTEND, 100)));

        JsonNode status = cluster.kubectlJson("get gateway weather-gateway -n weather").path("status");
        assertThat(condition(status.path("conditions"), "Accepted")).isEqualTo("True");
        // No controller gives a LoadBalancer Service an address here (as on kind without
        // MetalLB): istiod says so instead of Programmed.
        assertThat(condition(status.path("conditions"), "Programmed")).isEqualTo("False");
        assertThat(reason(status.path("conditions"), "Programmed")).isEqualTo("AddressNotAssigned");
        JsonNode listener = status.path("listeners").path(0);
        assertThat(listener.path("name").asText()).isEqualTo("http");
        assertThat(listener.path("attachedRoutes").asInt()).isEqualTo(1);
        assertThat(condition(listener.path("conditions"), "Programmed")).isEqualTo("True");
        assertThat(condition(listener.path("conditions"), "Accepted")).isEqualTo("True");
        assertAccepted(cluster.kubectlJson("get httproute frontend-route -n weather"), "Gateway", "weather-gateway");
    }

    private static void assertAccepted(JsonNode route, String parentKind, String parentName) {
        JsonNode parents = route.path("status").path("parents");
        assertThat(parents).as("status of %s", route.path("metadata").path("name")).hasSize(1);
        JsonNode parent = parents.path(0);
        assertThat(parent.path("controllerName").asText()).isEqualTo(CONTROLLER);
        assertThat(parent.path("parentRef").path("kind").asText()).isEqualTo(parentKind);
        assertThat(parent.path("parentRef").path("name").asText()).isEqualTo(parentName);
        assertThat(condition(parent.path("conditions"), "Accepted")).as(parent.toString()).isEqualTo("True");
        assertThat(condition(parent.path("conditions"), "ResolvedRefs")).as(parent.toString()).isEqualTo("True");
    }

    static String condition(JsonNode conditions, String type) {
        for (JsonNode condition : conditions) {
            if (condition.path("type").asText().equals(type)) {
                return condition.path("status").asText();
            }
        }
        return "missing";
    }

    static String reason(JsonNode conditions, String type) {
        for (JsonNode condition : conditions) {
            if (condition.path("type").asText().equals(type)) {
                return condition.path("reason").asText();
            }
        }
        return "missing";
    }

}
