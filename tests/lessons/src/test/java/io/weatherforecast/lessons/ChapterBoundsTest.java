package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.PageSection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every chapter after the tutorial says where it starts and how to leave: its first
 * commands are a section "From where you are", with the commands that get there from
 * wherever the attendee is or a link to the tutorial's "Start again", and its last are a
 * section "Clean up" (a scenario's "Undo", back to the tutorial's end). The on-cluster
 * tests replay them from the tutorial's end (GatewayApiOnClusterIT, RolloutsOnClusterIT)
 * or run the chapter from there (the scenarios, security).
 */
class ChapterBoundsTest {

    static final String START = "From where you are";

    static final Set<String> CLEAN_UP = Set.of("Clean up", "Undo");

    static final String START_AGAIN = "tutorial.md#start-again";

    private static final Path ROOT = ProjectFiles.root();

    static Stream<Path> chapters() {
        List<Path> chapters = new ArrayList<>(List.of(Path.of("docs", "gateway-api.md"), Path.of("docs", "rollouts.md"),
                ProjectFiles.SECURITY, Path.of("docs", "observability.md")));
        try (Stream<Path> scenarios = Files.list(ROOT.resolve(ProjectFiles.SCENARIO_PAGES))) {
            scenarios.filter(page -> page.toString().endsWith(".md"))
                .filter(page -> !page.getFileName().toString().equals(ProjectFiles.SCENARIO_INDEX))
                .sorted()
                .forEach(page -> chapters.add(ROOT.relativize(page)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return chapters.stream();
    }

    @ParameterizedTest
    @MethodSource("chapters")
    void everyChapterStartsFromWhereTheAttendeeIsAndEndsWithItsCleanUp(Path chapter) {
        assertThat(problems(ROOT.resolve(chapter))).as("%s", chapter).isEmpty();
    }

    @Test
    void theTutorialSaysHowToStartAgainWithCommands() {
        assertThat(LessonDocument.section(ROOT.resolve(ProjectFiles.TUTORIAL), "Start again").hasCommands()).isTrue();
    }

    @Test
    void theGatewayApiChapterStartsWithTheTutorialsStartAgainTheCommandsItLinksTo() {
        assertThat(LessonDocument.section(ROOT.resolve("docs/gateway-api.md"), START).commands())
            .isEqualTo(LessonDocument.section(ROOT.resolve(ProjectFiles.TUTORIAL), "Start again").commands());
    }

    @Test
    void aChapterWithoutEitherOrWithThemInTheWrongPlaceIsNamed() {
        Path broken = TestResources.root().resolve("chapters");
        assertThat(problems(broken.resolve("without-start-and-clean-up.md"))).containsExactly(
                "no section '## From where you are'", "its last commands are in 'Steps', not in a clean-up");
        assertThat(problems(broken.resolve("start-after-commands.md"))).containsExactly(
                "commands in 'Before you start' come before 'From where you are'",
                "its last commands are in 'Steps', not in a clean-up");
        assertThat(problems(broken.resolve("start-without-commands-or-link.md")))
            .containsExactly("'From where you are' has no commands and no link to " + START_AGAIN);
    }

    /** What the page lacks to say where it starts and how it ends; empty when nothing. */
    static List<String> problems(Path page) {
        List<String> problems = new ArrayList<>();
        List<PageSection> sections = LessonDocument.sections(page);
        PageSection start = sections.stream().filter(s -> s.heading().equals(START)).findFirst().orElse(null);
        if (start == null) {
            problems.add("no section '## " + START + "'");
        }
        else {
            sections.stream()
                .takeWhile(section -> section != start)
                .filter(PageSection::hasCommands)
                .forEach(
                        section -> problems.add("commands in '" + section.heading() + "' come before '" + START + "'"));
            if (!start.hasCommands() && start.links().stream().noneMatch(link -> link.endsWith(START_AGAIN))) {
                problems.add("'" + START + "' has no commands and no link to " + START_AGAIN);
            }
        }
        sections.stream()
            .filter(PageSection::hasCommands)
            .reduce((first, second) -> second)
            .filter(last -> !CLEAN_UP.contains(last.heading()))
            .ifPresent(last -> problems.add("its last commands are in '" + last.heading() + "', not in a clean-up"));
        return problems;
    }

}
