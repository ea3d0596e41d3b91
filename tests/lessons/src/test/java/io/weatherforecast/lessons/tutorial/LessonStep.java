package io.weatherforecast.lessons.tutorial;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numbered step of a lesson that builds on the tutorial (docs/security.md): one command
 * line as an attendee types it, either a kubectl command or a script of the project whose
 * output is piped to {@code kubectl apply -f -}, and what the lesson shows it prints.
 */
public record LessonStep(int number, String title, String line, Optional<String> shownOutput) {

    private static final Pattern PIPED = Pattern.compile("(scripts/\\S+(?: [^|]+)?) \\| kubectl apply -f -");

    /** The kubectl command, when the line is one; empty for a script piped to kubectl. */
    public Optional<Command> command() {
        return line.startsWith("kubectl ") ? Optional.of(Command.parse(line)) : Optional.empty();
    }

    /**
     * The script command (with its arguments) whose output the line applies, for
     * {@code scripts/... | kubectl apply -f -}.
     */
    public Optional<String> appliedScript() {
        Matcher piped = PIPED.matcher(line);
        return piped.matches() ? Optional.of(piped.group(1).strip()) : Optional.empty();
    }

    /** The files a {@code kubectl apply -f} line applies. */
    public List<Path> appliedFiles() {
        return command().map(c -> c instanceof Command.ApplyFiles apply ? apply.files() : List.<Path>of())
            .orElse(List.of());
    }

    public boolean changesCluster() {
        return appliedScript().isPresent() || command().map(c -> !(c instanceof Command.ReadOnly)).orElse(false);
    }

    @Override
    public String toString() {
        return "security step " + number + " (" + title + ": " + line + ")";
    }

    /**
     * @throws IllegalArgumentException for a line that is neither, so that the lesson
     * cannot say what the tests ignore
     */
    static LessonStep of(int number, String title, String line, Optional<String> shownOutput) {
        LessonStep step = new LessonStep(number, title, line, shownOutput);
        if (step.command().isEmpty() && step.appliedScript().isEmpty()) {
            throw new IllegalArgumentException(
                    "a lesson step is a kubectl command or 'scripts/... | kubectl apply -f -', not: " + line);
        }
        return step;
    }

}
