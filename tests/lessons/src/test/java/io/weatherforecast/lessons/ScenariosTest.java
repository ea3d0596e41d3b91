package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weatherforecast.lessons.cluster.ClusterState;
import io.weatherforecast.lessons.cluster.ClusterStateFile;
import io.weatherforecast.lessons.cluster.Resource;
import io.weatherforecast.lessons.rules.ConsistencyRules;
import io.weatherforecast.lessons.schema.YamlDocuments;
import io.weatherforecast.lessons.tutorial.Command;
import io.weatherforecast.lessons.tutorial.ScenarioDocument;
import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.TutorialReplay;
import io.weatherforecast.lessons.tutorial.TutorialReplay.StepResult;
import io.weatherforecast.lessons.tutorial.TutorialStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The pages of docs/scenarios/ replayed on the model of the cluster, each from the state
 * the tutorial ends in: every step applies files that pass the strict schema checks, the
 * consistency rules hold after each step, the state after each step of "Apply" is written
 * for istioctl (scripts/istio-analyze.sh), and "Undo" gives back exactly the objects the
 * tutorial ends with.
 */
class ScenariosTest {

    private static final Path ROOT = ProjectFiles.root();

    private static final Path STATES = Path.of("target", "scenario-states");

    private static final List<ScenarioDocument> SCENARIOS = ScenarioDocument.all(ROOT);

    private static final ClusterState TUTORIAL_END = TutorialReplay
        .replay(ROOT, LessonDocument.tutorialSteps(ROOT.resolve(ProjectFiles.TUTORIAL)))
        .getLast()
        .state();

    @BeforeAll
    static void emptyTheStates() throws IOException {
        ClusterStateFile.emptyFolder(STATES);
    }

    @Test
    void everyFolderOfIstioScenariosHasAPageOfTheSameNameAndTheIndexLinksEveryPage() throws IOException {
        List<String> folders;
        try (Stream<Path> entries = Files.list(ROOT.resolve(ProjectFiles.SCENARIO_RULES))) {
            folders = entries.filter(Files::isDirectory)
                .map(folder -> folder.getFileName().toString())
                .sorted()
                .toList();
        }
        String index = Files.readString(ROOT.resolve(ProjectFiles.SCENARIO_PAGES).resolve(ProjectFiles.SCENARIO_INDEX));

        assertThat(SCENARIOS).extracting(ScenarioDocument::name).containsExactlyElementsOf(folders);
        assertThat(SCENARIOS).allSatisfy(scenario -> assertThat(index).contains("](" + scenario.name() + ".md)"));
    }

    /** A scenario's own rules are applied by its own page, none by another's only. */
    @Test
    void everyFileOfAScenarioFolderIsAppliedOrDeletedByItsPage() {
        for (ScenarioDocument scenario : SCENARIOS) {
            Path folder = ProjectFiles.SCENARIO_RULES.resolve(scenario.name());
            List<Path> own = ProjectFiles.manifests().stream().filter(file -> file.startsWith(folder)).toList();
            List<Path> used = scenario.steps().stream().flatMap(step -> switch (step.command()) {
                case Command.ApplyFiles apply -> apply.files().stream();
                case Command.DeleteFiles delete -> delete.files().stream();
                default -> Stream.empty();
            }).map(Path::normalize).toList();

            assertThat(own).as(scenario.toString()).isNotEmpty();
            assertThat(used).as("files %s applies", scenario).containsAll(own);
        }
    }

    @Test
    void theStepsOfEveryPageAreNumberedFromOneWithoutGaps() {
        assertThat(SCENARIOS).allSatisfy(scenario -> assertThat(scenario.steps()).extracting(TutorialStep::number)
            .as(scenario.toString())
            .containsExactlyElementsOf(IntStream.rangeClosed(1, scenario.steps().size()).boxed().toList()));
    }

    @TestFactory
    Stream<DynamicContainer> everyScenarioAppliesConsistentlyOnTheTutorialsEndAndItsUndoReturnsThere() {
        var rules = new ConsistencyRules(ROOT);
        return SCENARIOS.stream().map(scenario -> {
            List<StepResult> applied = TutorialReplay.replay(ROOT, scenario.apply(), TUTORIAL_END);
            List<StepResult> undone = TutorialReplay.replay(ROOT, scenario.undo(), applied.getLast().state());
            List<DynamicNode> checks = new ArrayList<>();
            checks.add(DynamicContainer.dynamicContainer("the consistency rules hold",
                    rules.holdAfterEach(applied, StepResult::step, StepResult::state)));
            checks.add(DynamicTest.dynamicTest("the cluster after each step is written for istioctl", () -> {
                for (StepResult result : applied) {
                    Path file = STATES.resolve("%s-step-%02d.yaml".formatted(scenario.name(), result.step().number()));
                    ClusterStateFile.write(file, scenario + ", after " + result.step(), result.state());
                    assertThat(YamlDocuments.read(Path.of(""), file)).hasSameSizeAs(result.state().all());
                }
            }));
            checks.add(DynamicTest.dynamicTest("undo gives back the objects the tutorial ends with",
                    () -> assertThat(objects(undone.getLast().state())).isEqualTo(objects(TUTORIAL_END))));
            checks.add(DynamicTest.dynamicTest("apply changes the cluster",
                    () -> assertThat(objects(applied.getLast().state())).isNotEqualTo(objects(TUTORIAL_END))));
            return DynamicContainer.dynamicContainer(scenario.toString(), checks.stream());
        });
    }

    private static Map<String, JsonNode> objects(ClusterState state) {
        Map<String, JsonNode> objects = new TreeMap<>();
        for (Resource<?> resource : state.all()) {
            objects.put(resource.key().toString(), ClusterStateFile.tree(resource));
        }
        return objects;
    }

}
