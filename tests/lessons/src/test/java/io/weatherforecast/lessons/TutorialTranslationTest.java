package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import io.weatherforecast.lessons.tutorial.TutorialLanguage;
import io.weatherforecast.lessons.tutorial.TutorialStep;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.text.TextContentRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tutorial's translations tell the same steps as the English page: the same commands,
 * the same outputs and the same canary meter after each, step by step, so that a step
 * added, removed or changed in one language and not the others fails here; and the page's
 * labels a translation names in bold are the page's own words in that language.
 */
class TutorialTranslationTest {

    private static final Path ROOT = ProjectFiles.root();

    private static final Path PAGE_MESSAGES = Path.of("frontend", "src", "main", "resources", "static", "i18n.js");

    /**
     * An entry of i18n.js's MESSAGES on one line or two: 'key': { en: '...', zh: '...' }.
     */
    private static final Pattern MESSAGE = Pattern
        .compile("'([\\w.]+)':\\s*\\{\\s*en:\\s*'((?:[^'\\\\]|\\\\.)*)',\\s*zh:\\s*'((?:[^'\\\\]|\\\\.)*)'\\s*}");

    private static final TextContentRenderer TEXT = TextContentRenderer.builder().build();

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TutorialLanguage.class, names = "ENGLISH", mode = EnumSource.Mode.EXCLUDE)
    void everyStepOfTheEnglishTutorialIsInTheTranslationWithTheSameCommandOutputAndCanaryMeter(
            TutorialLanguage translation) {
        assertThat(differences(TutorialLanguage.ENGLISH.steps(ROOT), translation.steps(ROOT), translation)).isEmpty();
    }

    @Test
    void aStepMissingFromATranslationOrChangedInItIsFound() {
        List<TutorialStep> english = TutorialLanguage.ENGLISH.steps(ROOT);
        List<TutorialStep> translation = new ArrayList<>(TutorialLanguage.CHINESE.steps(ROOT));
        translation.remove(13);
        TutorialStep sixth = translation.get(5);
        translation.set(5, new TutorialStep(sixth.number(), sixth.title(), english.get(6).command(),
                Optional.of("destinationrule.networking.istio.io/forecast-dr configured\n"), sixth.canaryMeter()));

        assertThat(differences(english, translation, TutorialLanguage.CHINESE)).containsExactly(
                "step 6: the command is 'kubectl apply -f istio/destination-rule-v1.yaml' in docs/tutorial.md,"
                        + " 'kubectl apply -f istio/virtual-service-v1.yaml' in docs/zh/tutorial.md",
                "step 6: the output shown differs between docs/tutorial.md and docs/zh/tutorial.md",
                "step 14 (Send half of the forecast requests to v2) is in docs/tutorial.md, not in docs/zh/tutorial.md");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TutorialLanguage.class)
    void theCanaryMeterLineQuotesThePagesOwnHeading(TutorialLanguage language) {
        assertThat(pageMessages(language).get("canary.heading")).isEqualTo(language.canaryMeter());
    }

    /**
     * What a step tells the reader to look at or press, in bold: "Request route", "Send
     * 100 requests", in the page's words ("{n}" stands for a number).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TutorialLanguage.class)
    void everyLabelInBoldInTheStepsIsTheOneThePageShows(TutorialLanguage language) {
        List<Pattern> labels = pageMessages(language).values()
            .stream()
            .map(message -> Pattern.compile(Pattern.quote(message).replace("{n}", "\\E\\d+\\Q")))
            .toList();
        List<String> bold = boldInSteps(ROOT.resolve(language.file()), language.stepsHeading());

        assertThat(bold).isNotEmpty();
        assertThat(bold).allSatisfy(text -> assertThat(labels)
            .as("'%s' in %s is not a label of the page in that language", text, language.file())
            .anyMatch(label -> label.matcher(text).matches()));
    }

    static List<String> differences(List<TutorialStep> english, List<TutorialStep> translation,
            TutorialLanguage language) {
        Path englishFile = TutorialLanguage.ENGLISH.file();
        Path translated = language.file();
        Map<Integer, TutorialStep> inEnglish = byNumber(english);
        Map<Integer, TutorialStep> inTranslation = byNumber(translation);
        List<String> differences = new ArrayList<>();
        TreeSet<Integer> numbers = new TreeSet<>(inEnglish.keySet());
        numbers.addAll(inTranslation.keySet());
        for (int number : numbers) {
            TutorialStep one = inEnglish.get(number);
            TutorialStep other = inTranslation.get(number);
            if (one == null || other == null) {
                TutorialStep only = Objects.requireNonNullElse(one, other);
                differences.add("step %d (%s) is in %s, not in %s".formatted(number, only.title(),
                        one == null ? translated : englishFile, one == null ? englishFile : translated));
                continue;
            }
            if (!one.command().line().equals(other.command().line())) {
                differences.add("step %d: the command is '%s' in %s, '%s' in %s".formatted(number, one.command().line(),
                        englishFile, other.command().line(), translated));
            }
            if (!one.shownOutput().equals(other.shownOutput())) {
                differences.add("step %d: the output shown differs between %s and %s".formatted(number, englishFile,
                        translated));
            }
            if (!one.canaryMeter().equals(other.canaryMeter())) {
                differences.add("step %d: the canary meter is %s in %s, %s in %s".formatted(number,
                        one.canaryMeter().orElse(Map.of()), englishFile, other.canaryMeter().orElse(Map.of()),
                        translated));
            }
        }
        return differences;
    }

    private static Map<Integer, TutorialStep> byNumber(List<TutorialStep> steps) {
        return steps.stream()
            .collect(Collectors.toMap(TutorialStep::number, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    /**
     * The page's messages in one language, by key: what a reader of that language sees.
     */
    private static Map<String, String> pageMessages(TutorialLanguage language) {
        String script;
        try {
            script = Files.readString(ROOT.resolve(PAGE_MESSAGES));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Map<String, String> messages = new LinkedHashMap<>();
        Matcher entry = MESSAGE.matcher(script);
        while (entry.find()) {
            messages.put(entry.group(1), entry.group(language == TutorialLanguage.CHINESE ? 3 : 2));
        }
        assertThat(messages).as("messages read from %s", PAGE_MESSAGES).containsKey("canary.heading");
        return messages;
    }

    /**
     * The bold text under the level-2 heading {@code section}, a trailing colon left out.
     */
    private static List<String> boldInSteps(Path file, String section) {
        Node document;
        try (Reader reader = Files.newBufferedReader(file)) {
            document = Parser.builder().build().parseReader(reader);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<String> bold = new ArrayList<>();
        boolean inSection = false;
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading && heading.getLevel() <= 2) {
                inSection = heading.getLevel() == 2 && TEXT.render(heading).strip().equals(section);
            }
            else if (inSection) {
                node.accept(new AbstractVisitor() {
                    @Override
                    public void visit(StrongEmphasis strong) {
                        bold.add(TEXT.render(strong).strip().replaceFirst("[:：]$", ""));
                    }
                });
            }
        }
        return bold;
    }

}
