package io.weatherforecast.lessons.tutorial;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * The steps of a lesson after the tutorial (docs/security.md), read from its Markdown as
 * {@link TutorialDocument} reads the tutorial's: under "## Steps", each "### N. Title"
 * has one {@code bash} block with one command line and may show its output in the first
 * {@code text} block after it. {@code shell} blocks are examples for a real cluster and
 * are not run.
 */
public final class LessonDocument {

    private static final Pattern STEP_HEADING = Pattern.compile("(\\d+)\\. (.+)");

    private static final TextContentRenderer TEXT = TextContentRenderer.builder().build();

    private LessonDocument() {
    }

    public static List<LessonStep> steps(Path file) {
        Node document;
        try (Reader reader = Files.newBufferedReader(file)) {
            document = Parser.builder().build().parseReader(reader);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<LessonStep> steps = new ArrayList<>();
        boolean inSteps = false;
        Matcher heading = null;
        List<String> lines = new ArrayList<>();
        Optional<String> output = Optional.empty();
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            boolean stepHeading = inSteps && node instanceof Heading h && h.getLevel() == 3;
            boolean section = node instanceof Heading h && h.getLevel() <= 2;
            if (stepHeading || section) {
                if (heading != null) {
                    steps.add(step(heading, lines, output));
                }
                heading = null;
                lines = new ArrayList<>();
                output = Optional.empty();
            }
            if (section) {
                inSteps = TEXT.render(node).strip().equals(TutorialDocument.STEPS_HEADING);
            }
            else if (stepHeading) {
                heading = STEP_HEADING.matcher(TEXT.render(node).strip());
                if (!heading.matches()) {
                    throw new IllegalArgumentException(
                            "a step heading reads '### N. Title', not '" + TEXT.render(node).strip() + "'");
                }
            }
            else if (heading != null && node instanceof FencedCodeBlock code) {
                if (code.getInfo().equals("bash")) {
                    code.getLiteral()
                        .lines()
                        .map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .forEach(lines::add);
                }
                else if (code.getInfo().equals("text") && !lines.isEmpty() && output.isEmpty()) {
                    output = Optional.of(code.getLiteral());
                }
            }
        }
        if (heading != null) {
            steps.add(step(heading, lines, output));
        }
        return steps;
    }

    private static LessonStep step(Matcher heading, List<String> lines, Optional<String> output) {
        if (lines.size() != 1) {
            throw new IllegalArgumentException("step " + heading.group(1) + " (" + heading.group(2)
                    + ") needs exactly one command in a bash block, has " + lines);
        }
        return LessonStep.of(Integer.parseInt(heading.group(1)), heading.group(2), lines.getFirst(), output);
    }

}
