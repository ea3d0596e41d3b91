package io.weatherforecast.lessons.live;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.live.ClusterReplay.StepRun;
import io.weatherforecast.lessons.live.ProxyConfig.WeightedCluster;
import io.weatherforecast.lessons.tutorial.TutorialLanguage;
import io.weatherforecast.lessons.tutorial.TutorialStep;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/tutorial.md as an attendee runs it, on a real Kubernetes control plane with
 * istiod: every command as written, with real kubectl, its output compared with the one
 * the tutorial shows, and after every step that changes the cluster istiod's answer to
 * the frontend's sidecar and to the ingress gateway asserted: the forecast route's
 * weights and endpoints give the tutorial's canary-meter line, every cluster a route
 * names has endpoints, a subset's endpoints are the pods of its version, every pod has
 * the injected sidecar, the gateway sends the page to frontend v1, and at the end nothing
 * names forecast v1. What still cannot run here: Envoy, so no request passes a proxy.
 * Each language's tutorial is replayed, each on an empty cluster.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TutorialLanguage.class)
class TutorialOnClusterIT extends OnLocalCluster {

    @Parameter
    TutorialLanguage language;

    /**
     * The tutorial starts from a cluster without the app: the first language gets the
     * class's new cluster, every later one a new one of its own.
     */
    @BeforeParameterizedClassInvocation
    static void onAnEmptyCluster(TutorialLanguage language) {
        if (language.ordinal() > 0) {
            stopTheCluster();
            startTheCluster();
        }
    }

    private static final String FRONTEND_V1 = "outbound|3000|v1|frontend." + MeshState.DOMAIN;

    @TestFactory
    Stream<DynamicNode> everyStepOfTheTutorialWorksAsWrittenAndIstiodRoutesAsItSays() {
        AtomicReference<StepRun> last = new AtomicReference<>();
        List<DynamicNode> nodes = new ArrayList<>();
        for (TutorialStep step : language.steps(ProjectFiles.root())) {
            AtomicReference<StepRun> run = new AtomicReference<>();
            List<DynamicTest> checks = new ArrayList<>();
            checks.add(ClusterReplay.runsAsWritten(cluster, step, MeshState.Ingress.ISTIO, run, last));
            if (step.changesCluster()) {
                checks.add(DynamicTest.dynamicTest("istiod routes every request to pods that exist",
                        () -> assertThat(ClusterReplay.meshAfter(run, step).problems()).as("after %s", step)
                            .isEmpty()));
                checks.add(DynamicTest.dynamicTest("the page and the canary meter are what the tutorial says",
                        () -> pageAndCanaryMeter(step, ClusterReplay.meshAfter(run, step))));
            }
            nodes.add(DynamicContainer.dynamicContainer(step.toString(), checks.stream()));
        }
        nodes.add(DynamicTest.dynamicTest("after the last step istiod names forecast v1 nowhere", () -> {
            MeshState end = last.get().mesh().orElseThrow();
            assertThat(end.frontend()).isPresent();
            assertThat(end.proxies())
                .allSatisfy(config -> assertThat(config.text()).as("what istiod sends %s", config.proxy())
                    .doesNotContain("|v1|forecast." + MeshState.DOMAIN));
            assertThat(end.pods()).noneMatch(
                    pod -> "forecast".equals(pod.labels().get("app")) && "v1".equals(pod.labels().get("version")));
        }));
        return nodes.stream();
    }

    private static void pageAndCanaryMeter(TutorialStep step, MeshState mesh) {
        if (step.canaryMeter().isEmpty()) {
            assertThat(mesh.pageRoute()).as("%s: the tutorial says the page is not reachable yet", step).isEmpty();
            return;
        }
        assertThat(mesh.pageRoute()).as("the gateway's route for * on port 80 after %s", step)
            .contains(List.of(new WeightedCluster(FRONTEND_V1, 100)));
        assertThat(mesh.forecastShares())
            .as("forecast versions the frontend's sidecar spreads requests over after %s", step)
            .isEqualTo(step.canaryMeter());
    }

}
