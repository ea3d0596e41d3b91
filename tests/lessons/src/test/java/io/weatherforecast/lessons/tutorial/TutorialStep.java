package io.weatherforecast.lessons.tutorial;

import java.util.Map;
import java.util.Optional;

/**
 * A numbered step of docs/tutorial.md: its one command, what the tutorial shows it prints
 * (the first {@code text} block after it), and, where the step changes what answers, the
 * split the page's canary meter shows afterwards (version to percent).
 */
public record TutorialStep(int number, String title, Command command, Optional<String> shownOutput,
        Optional<Map<String, Integer>> canaryMeter) {

    public boolean changesCluster() {
        return !(command instanceof Command.ReadOnly);
    }

    @Override
    public String toString() {
        return "step " + number + " (" + title + ": " + command.line() + ")";
    }
}
