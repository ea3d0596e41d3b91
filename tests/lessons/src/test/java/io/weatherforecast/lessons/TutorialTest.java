package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.weatherforecast.lessons.cluster.ClusterStateFile;
import io.weatherforecast.lessons.cluster.ManifestFiles;
import io.weatherforecast.lessons.rules.ConsistencyRules;
import io.weatherforecast.lessons.rules.Workload;
import io.weatherforecast.lessons.schema.YamlDocuments;
import io.weatherforecast.lessons.tutorial.Command;
import io.weatherforecast.lessons.tutorial.Kustomization;
import io.weatherforecast.lessons.tutorial.ScenarioDocument;
import io.weatherforecast.lessons.tutorial.TutorialLanguage;
import io.weatherforecast.lessons.tutorial.TutorialReplay;
import io.weatherforecast.lessons.tutorial.TutorialReplay.StepResult;
import io.weatherforecast.lessons.tutorial.TutorialStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/tutorial.md, and its translation docs/zh/tutorial.md, replayed command by command
 * offline, as the set of objects each step leaves: the consistency rules after every
 * step, and the states istioctl analyze reads. Where requests go is istiod's answer,
 * asserted on the real control plane by
 * {@link io.weatherforecast.lessons.live.TutorialOnClusterIT}.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TutorialLanguage.class)
class TutorialTest {

    private static final Path ROOT = ProjectFiles.root();

    private static final String NAMESPACE = "weather";

    private static final String FORECAST = "forecast";

    private final TutorialLanguage language;

    private final List<TutorialStep> steps;

    private final List<StepResult> replay;

    TutorialTest(TutorialLanguage language) {
        this.language = language;
        this.steps = language.steps(ROOT);
        this.replay = TutorialReplay.replay(ROOT, steps);
    }

    @Test
    void stepsAreNumberedFromOneWithoutGaps() {
        assertThat(steps).extracting(TutorialStep::number)
            .containsExactlyElementsOf(IntStream.rangeClosed(1, steps.size()).boxed().toList());
    }

    /**
     * The tutorial's files, and those of the lessons that start where it ends: scenarios
     * and security.
     */
    @Test
    void everyManifestUnderK8sAndIstioIsAppliedBySomeStepOfTheTutorialOrOfALessonAfterIt() {
        List<TutorialStep> withLessons = new ArrayList<>(steps);
        ScenarioDocument.all(ROOT).forEach(scenario -> withLessons.addAll(scenario.steps()));
        Stream<Path> fromSteps = withLessons.stream().flatMap(step -> switch (step.command()) {
            case Command.ApplyFiles apply -> apply.files().stream();
            case Command.ApplyKustomization apply ->
                Kustomization.read(ROOT.resolve(ProjectFiles.kustomization(apply.directory())))
                    .files(apply.directory())
                    .stream();
            default -> Stream.empty();
        });
        List<Path> applied = fromSteps.map(Path::normalize).toList();

        assertThat(applied).containsAll(ProjectFiles.tutorialManifests()
            .stream()
            .filter(file -> !file.startsWith(ProjectFiles.SECURITY_FOLDER))
            .toList());
    }

    @TestFactory
    Stream<DynamicTest> theConsistencyRulesHoldAfterEveryStep() {
        return new ConsistencyRules(ROOT).holdAfterEach(replay, StepResult::step, StepResult::state);
    }

    @Test
    void forecastRequestsMoveFromV1ToV2ThroughAFiftyFiftyCanaryAndNeverBack() {
        List<Map<String, Integer>> meters = steps.stream().flatMap(step -> step.canaryMeter().stream()).toList();

        assertThat(meters.getFirst()).isEqualTo(Map.of("v1", 100));
        assertThat(meters).contains(Map.of("v1", 50, "v2", 50));
        assertThat(meters.getLast()).isEqualTo(Map.of("v2", 100));
        List<Integer> v2Shares = meters.stream().map(meter -> meter.getOrDefault("v2", 0)).toList();
        assertThat(v2Shares).isSorted();
    }

    @Test
    void theKustomizationRendersEveryImageOfItsDeploymentsInTheRegistryTheImagesAreBuiltFor() {
        Path k8s = Path.of("k8s");
        Kustomization kustomization = Kustomization.read(ROOT.resolve(ProjectFiles.kustomization(k8s)));
        var manifests = new ManifestFiles(ROOT);
        List<String> images = kustomization.files(k8s)
            .stream()
            .flatMap(file -> manifests.read(file).stream())
            .filter(resource -> resource.object() instanceof Deployment)
            .flatMap(resource -> ((Deployment) resource.object()).getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .stream())
            .map(Container::getImage)
            .toList();

        assertThat(images).hasSize(3)
            .allSatisfy(image -> assertThat(kustomization.rendered(image)).as(image)
                .hasValueSatisfying(rendered -> assertThat(rendered).startsWith(Workload.IMAGE_REGISTRY + "/")));
        assertThat(kustomization.images()).hasSameSizeAs(images);
    }

    /** scripts/istio-analyze.sh runs istioctl analyze over each of these files. */
    @Test
    void theClusterAfterEveryChangingStepIsWrittenForIstioctl() throws IOException {
        Path states = Path.of("target",
                language == TutorialLanguage.ENGLISH ? "tutorial-steps" : "tutorial-steps-" + language.pageLanguage());
        ClusterStateFile.emptyFolder(states);
        List<Path> written = new ArrayList<>();
        for (StepResult result : replay.stream().filter(result -> result.step().changesCluster()).toList()) {
            Path file = states.resolve("step-%02d.yaml".formatted(result.step().number()));
            ClusterStateFile.write(file, "After " + result.step(), result.state());
            written.add(file);

            assertThat(YamlDocuments.read(Path.of(""), file)).hasSameSizeAs(result.state().all());
        }
        assertThat(written).hasSize((int) steps.stream().filter(TutorialStep::changesCluster).count());
    }

}
