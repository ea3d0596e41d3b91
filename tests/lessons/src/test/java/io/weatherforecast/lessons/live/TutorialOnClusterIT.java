package io.weatherforecast.lessons.live;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.live.ClusterReplay.StepRun;
import io.weatherforecast.lessons.tutorial.TutorialLanguage;
import io.weatherforecast.lessons.tutorial.TutorialStep;

/**
 * docs/tutorial.md as an attendee runs it, on a real Kubernetes control plane with
 * istiod: every command as written, with real kubectl, its output compared with the one
 * the tutorial shows, and after every step that changes the cluster istiod's answer to
 * the frontend's sidecar and to the ingress gateway asserted: the forecast route's
 * weights and endpoints give the tutorial's canary-meter line, every cluster a route
 * names has endpoints, a subset's endpoints are the pods of its version, every pod has
 * the injected sidecar, the gateway sends the page to frontend v1, and at the end nothing
 * names forecast v1. What still cannot run here: Envoy, so no request passes a proxy
 * (TutorialThroughEnvoyIT sends them). Each language's tutorial is replayed, each on an
 * empty cluster.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TutorialLanguage.class)
class TutorialOnClusterIT extends OnLocalCluster {

    @Parameter
    TutorialLanguage language;

    /** The tutorial starts from a cluster without the app: each language on its own. */
    @BeforeParameterizedClassInvocation(injectArguments = false)
    static void onAnEmptyCluster() {
        cluster.reset();
    }

    private static final String FRONTEND_V1 = "outbound|3000|v1|frontend." + MeshState.DOMAIN;

    @TestFactory
    Stream<DynamicNode> everyStepOfTheTutorialWorksAsWrittenAndIstiodRoutesAsItSays() {
        AtomicReference<StepRun> last = new AtomicReference<>();
        List<DynamicNode> nodes = new ArrayList<>();
        for (TutorialStep step : language.steps(ProjectFiles.root())) {
            nodes.add(DynamicContainer.dynamicContainer(step.toString(),
                    ClusterReplay.stepChecks(cluster, step, MeshState.Ingress.ISTIO, FRONTEND_V1, last).stream()));
        }
        nodes.add(ClusterReplay.forecastV1IsGoneAtTheEnd(last, "|v1|forecast." + MeshState.DOMAIN));
        return nodes.stream();
    }

}
