package io.weatherforecast.lessons.tutorial;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * The steps of a lesson page, read from the Markdown attendees follow, so that the tests
 * replay exactly what it says: under a level-2 heading ("Steps" unless named), each "###
 * N. Title" is a step with one {@code bash} block holding one command line; the first
 * {@code text} block after it is what the page shows it prints, and a paragraph "Canary
 * meter: 50% v1, 50% v2" what the page shows afterwards. {@code shell} blocks are not
 * steps: the requests that check a step, which the tests through Envoy send
 * ({@link #pageBlocks}), or examples for a real cluster. A translation of the tutorial
 * has its own heading of the steps and the meter's label in its language
 * ({@link TutorialLanguage}).
 */
public final class LessonDocument {

    static final String STEPS_HEADING = "Steps";

    private static final Pattern STEP_HEADING = Pattern.compile("(\\d+)\\. (.+)");

    private static final Pattern SHARE = Pattern.compile("(\\d+)% (v\\d+)");

    private static final TextContentRenderer TEXT = TextContentRenderer.builder().build();

    private LessonDocument() {
    }

    /**
     * The steps of the tutorial, or of a page written as it is: kubectl commands only.
     */
    public static List<TutorialStep> tutorialSteps(Path file) {
        return tutorialSteps(file, TutorialLanguage.ENGLISH);
    }

    /** The steps of the tutorial in {@code language}, written in {@code file}. */
    public static List<TutorialStep> tutorialSteps(Path file, TutorialLanguage language) {
        return tutorialSteps(file, language.stepsHeading(), language.canaryMeter());
    }

    /** The kubectl steps under the level-2 heading {@code section}. */
    public static List<TutorialStep> tutorialSteps(Path file, String section) {
        return tutorialSteps(file, section, TutorialLanguage.ENGLISH.canaryMeter());
    }

    private static List<TutorialStep> tutorialSteps(Path file, String section, String canaryMeterLabel) {
        return read(file, section, canaryMeterLabel).stream()
            .map(step -> new TutorialStep(step.number, step.title, Command.parse(step.line()), step.output,
                    step.canaryMeter))
            .toList();
    }

    /**
     * The steps of a lesson that builds on the tutorial (docs/security.md): kubectl
     * commands, or scripts of the project piped to {@code kubectl apply -f -}.
     */
    public static List<LessonStep> lessonSteps(Path file) {
        return read(file, STEPS_HEADING, TutorialLanguage.ENGLISH.canaryMeter()).stream()
            .map(step -> LessonStep.of(step.number, step.title, step.line(), step.output))
            .toList();
    }

    /**
     * The {@code bash} blocks of step {@code number} under "Steps" as written, for a page
     * whose steps are not one command line each (docs/rollouts.md: a command over several
     * lines, a step with two commands).
     */
    public static String bash(Path file, int number) {
        return bash(file, STEPS_HEADING, number);
    }

    /** The same of a step under the level-2 heading {@code section}. */
    public static String bash(Path file, String section, int number) {
        return read(file, section, TutorialLanguage.ENGLISH.canaryMeter()).stream()
            .filter(step -> step.number == number)
            .findFirst()
            .map(step -> step.bash.toString())
            .orElseThrow(() -> new IllegalArgumentException(file + " has no step " + number));
    }

    /**
     * The page's other blocks of commands, in order: before its steps, the {@code bash}
     * and {@code shell} blocks (step 0, the set-up every step needs), and in each step
     * its {@code shell} blocks (the requests that check it), each with the {@code text}
     * block right after it, if any: what the block prints.
     */
    public static List<PageBlock> pageBlocks(Path file) {
        List<PageBlock> blocks = new ArrayList<>();
        int step = 0;
        boolean inSteps = false;
        Node document = parse(file);
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading && heading.getLevel() <= 2) {
                if (inSteps) {
                    break;
                }
                inSteps = heading.getLevel() == 2 && text(heading).equals(STEPS_HEADING);
            }
            else if (inSteps && node instanceof Heading heading && heading.getLevel() == 3) {
                step = StepText.of(text(heading)).number;
            }
            else if (node instanceof FencedCodeBlock code
                    && (code.getInfo().equals("shell") || (!inSteps && code.getInfo().equals("bash")))) {
                Optional<String> shown = (code.getNext() instanceof FencedCodeBlock next
                        && next.getInfo().equals("text")) ? Optional.of(next.getLiteral()) : Optional.empty();
                blocks.add(new PageBlock(step, PageBlock.commands(code.getLiteral()), shown));
            }
        }
        return blocks;
    }

    /**
     * The level-2 sections of a page in order, each with its commands, their shown output
     * and its links (a chapter's "From where you are" and "Clean up").
     */
    public static List<PageSection> sections(Path file) {
        List<PageSection> sections = new ArrayList<>();
        Node document = parse(file);
        String heading = null;
        StringBuilder commands = new StringBuilder();
        Optional<String> shown = Optional.empty();
        List<String> links = new ArrayList<>();
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading title && title.getLevel() <= 2) {
                if (heading != null) {
                    sections.add(new PageSection(heading, commands.toString(), shown, List.copyOf(links)));
                }
                heading = text(title);
                commands.setLength(0);
                shown = Optional.empty();
                links.clear();
                continue;
            }
            if (node instanceof FencedCodeBlock code
                    && (code.getInfo().equals("bash") || code.getInfo().equals("shell"))) {
                commands.append(code.getLiteral());
            }
            else if (node instanceof FencedCodeBlock code && code.getInfo().equals("text") && shown.isEmpty()) {
                shown = Optional.of(code.getLiteral());
            }
            node.accept(new AbstractVisitor() {
                @Override
                public void visit(Link link) {
                    links.add(link.getDestination());
                }
            });
        }
        if (heading != null) {
            sections.add(new PageSection(heading, commands.toString(), shown, List.copyOf(links)));
        }
        return sections;
    }

    /**
     * The untagged command blocks of a page's level-2 section {@code heading} that the
     * page follows with a {@code text} block, in order: each command as written, and what
     * it prints there.
     */
    public static List<Map.Entry<String, String>> shownOutputs(Path file, String heading) {
        List<Map.Entry<String, String>> shown = new ArrayList<>();
        boolean inSection = false;
        for (Node node = parse(file).getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading title && title.getLevel() <= 2) {
                inSection = text(title).equals(heading);
            }
            else if (inSection && node instanceof FencedCodeBlock code && code.getInfo().isEmpty()
                    && code.getNext() instanceof FencedCodeBlock next && next.getInfo().equals("text")) {
                shown.add(Map.entry(code.getLiteral().strip(), next.getLiteral()));
            }
        }
        return shown;
    }

    /** The section {@code heading} of a page. */
    public static PageSection section(Path file, String heading) {
        return sections(file).stream()
            .filter(section -> section.heading().equals(heading))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(file + " has no section '## " + heading + "'"));
    }

    private static Node parse(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return Parser.builder().build().parseReader(reader);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<StepText> read(Path file, String section, String canaryMeterLabel) {
        // The label ends in a colon, in Chinese a full-width one.
        Pattern canaryMeter = Pattern.compile(Pattern.quote(canaryMeterLabel) + "[:：] *(.+)");
        Node document = parse(file);
        List<StepText> steps = new ArrayList<>();
        boolean inSteps = false;
        StepText current = null;
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading && heading.getLevel() <= 2) {
                inSteps = heading.getLevel() == 2 && text(heading).equals(section);
                current = null;
            }
            else if (inSteps && node instanceof Heading heading && heading.getLevel() == 3) {
                current = StepText.of(text(heading));
                steps.add(current);
            }
            else if (current != null && node instanceof FencedCodeBlock code && code.getInfo().equals("text")
                    && !current.commands.isEmpty() && current.output.isEmpty()) {
                current.output = Optional.of(code.getLiteral());
            }
            else if (current != null && node instanceof FencedCodeBlock code && code.getInfo().equals("bash")) {
                current.bash.append(code.getLiteral());
                code.getLiteral()
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .forEach(current.commands::add);
            }
            else if (current != null && node instanceof Paragraph paragraph) {
                Matcher meter = canaryMeter.matcher(text(paragraph));
                if (meter.matches()) {
                    current.canaryMeter = Optional.of(shares(meter.group(1)));
                }
            }
        }
        return steps;
    }

    private static Map<String, Integer> shares(String text) {
        Map<String, Integer> shares = new LinkedHashMap<>();
        Matcher share = SHARE.matcher(text);
        while (share.find()) {
            shares.put(share.group(2), Integer.parseInt(share.group(1)));
        }
        return shares;
    }

    private static String text(Node node) {
        return TEXT.render(node).strip();
    }

    /** A step as its Markdown says it. */
    private static final class StepText {

        private final int number;

        private final String title;

        private final List<String> commands = new ArrayList<>();

        private final StringBuilder bash = new StringBuilder();

        private Optional<String> output = Optional.empty();

        private Optional<Map<String, Integer>> canaryMeter = Optional.empty();

        private StepText(int number, String title) {
            this.number = number;
            this.title = title;
        }

        static StepText of(String heading) {
            Matcher numbered = STEP_HEADING.matcher(heading);
            if (!numbered.matches()) {
                throw new IllegalArgumentException("a step heading reads '### N. Title', not '" + heading + "'");
            }
            return new StepText(Integer.parseInt(numbered.group(1)), numbered.group(2));
        }

        String line() {
            if (commands.size() != 1) {
                throw new IllegalArgumentException("step " + number + " (" + title + ") needs exactly one command in a"
                        + " bash block, has " + commands);
            }
            return commands.getFirst();
        }

    }

}
