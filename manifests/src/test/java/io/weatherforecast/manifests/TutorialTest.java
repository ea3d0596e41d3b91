package io.weatherforecast.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.weatherforecast.manifests.cluster.ClusterState;
import io.weatherforecast.manifests.cluster.Destination;
import io.weatherforecast.manifests.cluster.Labels;
import io.weatherforecast.manifests.cluster.MeshRouting;
import io.weatherforecast.manifests.cluster.Resource;
import io.weatherforecast.manifests.rules.ConsistencyRules;
import io.weatherforecast.manifests.rules.Workload;
import io.weatherforecast.manifests.schema.YamlDocuments;
import io.weatherforecast.manifests.tutorial.Command;
import io.weatherforecast.manifests.tutorial.Kustomization;
import io.weatherforecast.manifests.tutorial.TutorialDocument;
import io.weatherforecast.manifests.tutorial.TutorialReplay;
import io.weatherforecast.manifests.tutorial.TutorialReplay.StepResult;
import io.weatherforecast.manifests.tutorial.TutorialStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * docs/tutorial.md replayed command by command against a model of the cluster's objects.
 */
class TutorialTest {

    private static final Path ROOT = ProjectFiles.root();

    private static final String NAMESPACE = "weather";

    private static final String FORECAST = "forecast";

    private static final Path STATES = Path.of("target", "tutorial-steps");

    private static final List<TutorialStep> STEPS = TutorialDocument.steps(ROOT.resolve(ProjectFiles.TUTORIAL));

    private static final List<StepResult> REPLAY = TutorialReplay.replay(ROOT, STEPS);

    @Test
    void stepsAreNumberedFromOneWithoutGaps() {
        assertThat(STEPS).extracting(TutorialStep::number)
            .containsExactlyElementsOf(IntStream.rangeClosed(1, STEPS.size()).boxed().toList());
    }

    @Test
    void everyManifestUnderK8sAndIstioIsAppliedBySomeStep() {
        List<Path> applied = STEPS.stream().flatMap(step -> switch (step.command()) {
            case Command.ApplyFiles apply -> apply.files().stream();
            case Command.ApplyKustomization apply ->
                Kustomization.read(ROOT.resolve(ProjectFiles.kustomization(apply.directory())))
                    .files(apply.directory())
                    .stream();
            default -> Stream.empty();
        }).map(Path::normalize).toList();

        assertThat(applied).containsAll(ProjectFiles.tutorialManifests());
    }

    @TestFactory
    Stream<DynamicTest> theConsistencyRulesHoldAfterEveryStep() {
        var rules = new ConsistencyRules(ROOT);
        return REPLAY.stream()
            .map(result -> DynamicTest.dynamicTest("after " + result.step(),
                    () -> assertThat(rules.check(result.state())).isEmpty()));
    }

    @Test
    void noRouteEverSendsRequestsToASubsetWithoutPods() {
        for (StepResult result : REPLAY) {
            var mesh = new MeshRouting(result.state());
            for (Resource<VirtualService> route : result.state().all(VirtualService.class)) {
                assertThat(MeshRouting.destinations(route.object())).as("routes of %s after %s", route, result.step())
                    .filteredOn(destination -> destination.weight() > 0)
                    .allSatisfy(destination -> assertThat(mesh.backends(route.namespace(), destination)).isNotEmpty());
            }
        }
    }

    @Test
    void theCanaryMeterOfEveryStepThatChangesTheClusterMatchesTheRoutes() {
        for (StepResult result : REPLAY.stream().filter(result -> result.step().changesCluster()).toList()) {
            var mesh = new MeshRouting(result.state());
            if (mesh.pageVersionShares().isEmpty()) {
                assertThat(result.step().canaryMeter()).as("%s: the page is not reachable yet", result.step())
                    .isEmpty();
            }
            else {
                assertThat(result.step().canaryMeter()).as("canary meter of %s", result.step())
                    .contains(mesh.versionShares(NAMESPACE, FORECAST));
            }
        }
    }

    @Test
    void forecastRequestsMoveFromV1ToV2ThroughAFiftyFiftyCanaryAndNeverBack() {
        List<Map<String, Integer>> meters = STEPS.stream().flatMap(step -> step.canaryMeter().stream()).toList();

        assertThat(meters.getFirst()).isEqualTo(Map.of("v1", 100));
        assertThat(meters).contains(Map.of("v1", 50, "v2", 50));
        assertThat(meters.getLast()).isEqualTo(Map.of("v2", 100));
        List<Integer> v2Shares = meters.stream().map(meter -> meter.getOrDefault("v2", 0)).toList();
        assertThat(v2Shares).isSorted();
    }

    @Test
    void deployingForecastV2AloneSendsItNoRequests() {
        StepResult deployment = REPLAY.stream()
            .filter(result -> result.step().command().line().contains("forecast-v2-deployment.yaml"))
            .findFirst()
            .orElseThrow();

        assertThat(new MeshRouting(deployment.state()).backends(NAMESPACE, new Destination(FORECAST, null, 100)))
            .extracting(Resource::name)
            .containsExactlyInAnyOrder("forecast-v1", "forecast-v2");
        assertThat(new MeshRouting(deployment.state()).versionShares(NAMESPACE, FORECAST)).isEqualTo(Map.of("v1", 100));
    }

    @Test
    void afterTheLastStepNothingRefersToForecastV1() {
        StepResult allToV2 = REPLAY.stream()
            .filter(result -> result.step().command().line().contains("vs-forecast-weight-based-v2.yaml"))
            .findFirst()
            .orElseThrow();

        assertThat(forecastV1References(allToV2.state())).containsExactlyInAnyOrder("Deployment forecast-v1",
                "subset v1 of forecast-dr", "route to v1 in forecast-route");
        assertThat(forecastV1References(REPLAY.getLast().state())).isEmpty();
    }

    @Test
    void theKustomizationSetsTheRegistryTheImagesAreBuiltFor() {
        assertThat(Kustomization.read(ROOT.resolve("k8s/kustomization.yaml")).imageRegistry())
            .isEqualTo(Workload.IMAGE_REGISTRY);
    }

    /** scripts/istio-analyze.sh runs istioctl analyze over each of these files. */
    @Test
    void theClusterAfterEveryChangingStepIsWrittenForIstioctl() throws IOException {
        Files.createDirectories(STATES);
        try (Stream<Path> old = Files.list(STATES)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        var yaml = new YAMLMapper();
        List<Path> written = new ArrayList<>();
        for (StepResult result : REPLAY.stream().filter(result -> result.step().changesCluster()).toList()) {
            Path file = STATES.resolve("step-%02d.yaml".formatted(result.step().number()));
            StringBuilder documents = new StringBuilder("# After " + result.step() + "\n");
            for (Resource<?> resource : result.state().all()) {
                ObjectNode tree = resource.source().tree().deepCopy();
                if (resource.object() instanceof Namespaced) {
                    tree.withObjectProperty("metadata").put("namespace", resource.namespace());
                }
                documents.append(yaml.writeValueAsString(tree));
            }
            Files.writeString(file, documents);
            written.add(file);

            assertThat(YamlDocuments.read(Path.of(""), file)).hasSameSizeAs(result.state().all());
        }
        assertThat(written).hasSize((int) STEPS.stream().filter(TutorialStep::changesCluster).count());
    }

    private static List<String> forecastV1References(ClusterState state) {
        var mesh = new MeshRouting(state);
        List<String> references = new ArrayList<>();
        state.all(Deployment.class)
            .stream()
            .filter(deployment -> Map.of(Labels.APP, FORECAST, Labels.VERSION, "v1")
                .entrySet()
                .stream()
                .allMatch(label -> Labels.ofPods(deployment.object()).entrySet().contains(label)))
            .forEach(deployment -> references.add("Deployment " + deployment.name()));
        mesh.destinationRule(NAMESPACE, FORECAST)
            .ifPresent(rule -> rule.object()
                .getSpec()
                .getSubsets()
                .stream()
                .filter(subset -> subset.getName().equals("v1") || "v1".equals(subset.getLabels().get(Labels.VERSION)))
                .map(Subset::getName)
                .forEach(name -> references.add("subset " + name + " of " + rule.name())));
        mesh.meshRoute(NAMESPACE, FORECAST)
            .ifPresent(route -> MeshRouting.destinations(route.object())
                .stream()
                .filter(destination -> "v1".equals(destination.subset()))
                .forEach(destination -> references.add("route to v1 in " + route.name())));
        return references;
    }

}
