package io.weatherforecast.lessons.live;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.weatherforecast.lessons.TestResources;
import io.weatherforecast.lessons.live.ClusterReplay.StepRun;
import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.TutorialStep;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tutorials that apply the steps in a wrong order, each on an empty cluster: the step
 * whose rules send requests to a subset without pods is found through istiod's answer, by
 * its number and the empty cluster.
 */
class WrongOrderOnClusterIT extends OnLocalCluster {

    @BeforeEach
    void onAnEmptyCluster() {
        cluster.reset();
    }

    @ParameterizedTest
    @CsvSource({ "deletes-forecast-v1-too-early.md, 10, outbound|3002|v1|forecast.weather.svc.cluster.local",
            "splits-before-v2-runs.md, 7, outbound|3002|v2|forecast.weather.svc.cluster.local" })
    void theFirstStepThatRoutesToASubsetWithoutPodsIsNamedWithItsEmptyCluster(String tutorial, int step,
            String emptyCluster) {
        List<TutorialStep> steps = LessonDocument
            .tutorialSteps(TestResources.root().resolve(Path.of("tutorials", tutorial)));
        List<String> problems = new ArrayList<>();
        for (TutorialStep each : steps) {
            StepRun run = ClusterReplay.run(cluster, each);
            assertThat(run.result().exitStatus()).as("%s: %s", each, run.result().errors()).isZero();
            run.mesh().ifPresent(mesh -> mesh.problems().forEach(problem -> problems.add(each + ": " + problem)));
        }

        assertThat(problems).isNotEmpty();
        assertThat(problems.getFirst()).startsWith("step " + step + " (")
            .contains("a route sends requests to " + emptyCluster + ", which has no endpoints");
    }

}
