package io.weatherforecast.lessons.tutorial;

import io.weatherforecast.lessons.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A page of docs/scenarios/: a lesson that starts where the tutorial ends. Its steps are
 * written as the tutorial's, numbered on through the page: those under "Apply" change the
 * cluster from the tutorial's last state to the scenario, those under "Undo" take it back
 * there. Its rule files are in istio/scenarios/NAME/, NAME being the page's file name.
 */
public record ScenarioDocument(String name, Path page, List<TutorialStep> apply, List<TutorialStep> undo) {

    static final String APPLY_HEADING = "Apply";

    static final String UNDO_HEADING = "Undo";

    public static ScenarioDocument read(Path page) {
        String file = page.getFileName().toString();
        String name = file.substring(0, file.length() - ".md".length());
        List<TutorialStep> apply = LessonDocument.tutorialSteps(page, APPLY_HEADING);
        List<TutorialStep> undo = LessonDocument.tutorialSteps(page, UNDO_HEADING);
        if (apply.isEmpty() || undo.isEmpty()) {
            throw new IllegalArgumentException(
                    page + " needs steps under both '## " + APPLY_HEADING + "' and '## " + UNDO_HEADING + "'");
        }
        return new ScenarioDocument(name, page, apply, undo);
    }

    /** Every scenario page under docs/scenarios/ of the repository, by name. */
    public static List<ScenarioDocument> all(Path root) {
        try (Stream<Path> pages = Files.list(root.resolve(ProjectFiles.SCENARIO_PAGES))) {
            return pages.filter(page -> page.getFileName().toString().endsWith(".md"))
                .filter(page -> !page.getFileName().toString().equals(ProjectFiles.SCENARIO_INDEX))
                .sorted()
                .map(ScenarioDocument::read)
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public List<TutorialStep> steps() {
        List<TutorialStep> steps = new ArrayList<>(apply);
        steps.addAll(undo);
        return List.copyOf(steps);
    }

    @Override
    public String toString() {
        return "scenario " + name;
    }

}
