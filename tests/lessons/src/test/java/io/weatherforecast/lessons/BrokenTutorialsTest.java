package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weatherforecast.lessons.rules.ConsistencyRules;
import io.weatherforecast.lessons.schema.Problem;
import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.TutorialReplay;
import io.weatherforecast.lessons.tutorial.TutorialReplay.StepResult;
import io.weatherforecast.lessons.tutorial.TutorialStep;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tutorials under tutorials/ that the tutorial test must refuse, each for one reason. */
class BrokenTutorialsTest {

    @Test
    void deletingForecastV1WhileARouteStillSendsItHalfOfTheRequestsBreaksTheRules() {
        List<StepResult> replay = TutorialReplay.replay(ProjectFiles.root(), steps("deletes-forecast-v1-too-early.md"));

        List<Problem> afterDeletion = new ConsistencyRules(ProjectFiles.root()).check(replay.getLast().state());

        assertThat(afterDeletion).map(Problem::toString)
            .containsExactly(
                    "istio/forecast-v2-destination.yaml, document 1 (DestinationRule forecast-dr) at /spec/subsets/0:"
                            + " subset 'v1' selects no pods of any Deployment behind Service forecast");
    }

    @Test
    void aStepWithTwoCommandsIsRefused() {
        assertThatThrownBy(() -> steps("two-commands-in-a-step.md"))
            .hasMessageContaining("step 1 (Create the namespace and deploy) needs exactly one command in a bash block");
    }

    @Test
    void aCommandTheModelCannotReplayIsRefused() {
        assertThatThrownBy(() -> steps("unknown-command.md"))
            .hasMessageStartingWith("the tutorial test cannot model: kubectl patch");
    }

    @Test
    void applyingTheGatewayWithTheNamespaceOptionFailsAsKubectlWould() {
        var steps = steps("gateway-with-namespace-option.md");

        assertThatThrownBy(() -> TutorialReplay.replay(ProjectFiles.root(), steps))
            .hasMessageContaining("step 2 (The gateway: kubectl apply -f istio/weather-gateway.yaml -n weather) fails")
            .hasMessageContaining(
                    "the namespace from the provided object \"istio-system\" does not match the namespace \"weather\"");
    }

    private static List<TutorialStep> steps(String tutorial) {
        return LessonDocument.tutorialSteps(TestResources.root().resolve(Path.of("tutorials", tutorial)));
    }

}
