package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import io.weatherforecast.lessons.tutorial.AttendeeCommand;
import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.PageBlock;
import io.weatherforecast.lessons.tutorial.TutorialStep;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/workshop.md gives attendees the commands WorkshopOnClusterIT replays: its example
 * is the tutorial's first steps made an attendee's ({@link AttendeeCommand}), after the
 * one variable it sets.
 */
class WorkshopPageTest {

    private static final Path PAGE = ProjectFiles.root().resolve("docs/workshop.md");

    @Test
    void theAttendeesCommandsOnThePageAreTheTutorialsMadeTheirsAsTheTestReplaysThem() {
        List<TutorialStep> tutorial = LessonDocument.tutorialSteps(ProjectFiles.root().resolve(ProjectFiles.TUTORIAL));
        List<String> expected = tutorial.stream()
            .filter(step -> List.of(1, 2, 3, 5).contains(step.number()))
            .map(step -> AttendeeCommand.of(step.command().line()))
            .toList();

        List<List<String>> blocks = LessonDocument.pageBlocks(PAGE)
            .stream()
            .map(block -> block.lines().stream().map(PageBlock.Line::command).toList())
            .toList();

        assertThat(blocks).containsExactly(List.of("export ATTENDEE=alice"), expected);
        assertThat(expected).contains("scripts/attendee.sh k8s | kubectl apply -f -",
                "kubectl wait --for=condition=Available deployment --all -n $ATTENDEE --timeout=5m");
    }

}
