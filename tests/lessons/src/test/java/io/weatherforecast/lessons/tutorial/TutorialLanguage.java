package io.weatherforecast.lessons.tutorial;

import java.nio.file.Path;
import java.util.List;

/**
 * The languages the tutorial is written in: each one's page, its heading of the steps,
 * and the canary meter's heading as the page shows it in that language (frontend's
 * i18n.js, {@code canary.heading}), which the line after a step quotes.
 */
public enum TutorialLanguage {

    ENGLISH(Path.of("docs", "tutorial.md"), LessonDocument.STEPS_HEADING, "Canary meter", "en"),

    CHINESE(Path.of("docs", "zh", "tutorial.md"), "步骤", "灰度流量", "zh");

    private final Path file;

    private final String stepsHeading;

    private final String canaryMeter;

    private final String pageLanguage;

    TutorialLanguage(Path file, String stepsHeading, String canaryMeter, String pageLanguage) {
        this.file = file;
        this.stepsHeading = stepsHeading;
        this.canaryMeter = canaryMeter;
        this.pageLanguage = pageLanguage;
    }

    /** The page, relative to the repository's root. */
    public Path file() {
        return file;
    }

    public String stepsHeading() {
        return stepsHeading;
    }

    /** The canary meter's heading on the page in this language. */
    public String canaryMeter() {
        return canaryMeter;
    }

    /** The page's language code, as frontend's i18n.js keys its messages. */
    public String pageLanguage() {
        return pageLanguage;
    }

    public List<TutorialStep> steps(Path root) {
        return LessonDocument.tutorialSteps(root.resolve(file), this);
    }

}
