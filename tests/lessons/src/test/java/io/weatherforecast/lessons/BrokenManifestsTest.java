package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import io.weatherforecast.lessons.cluster.ClusterState;
import io.weatherforecast.lessons.cluster.ManifestFiles;
import io.weatherforecast.lessons.rules.ConsistencyRules;
import io.weatherforecast.lessons.schema.Problem;
import io.weatherforecast.lessons.tutorial.Command;
import io.weatherforecast.lessons.tutorial.Kubectl;
import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.TutorialReplay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file under broken/ has one defect and says on its first line
 * ({@code # expect: ...}) what the checks must report. A file that passes the schema
 * checks is applied, as with {@code kubectl apply -f}, on top of the cluster at the
 * tutorial's 50/50 step, and the consistency rules must then report the defect.
 */
class BrokenManifestsTest {

    private static final Path BROKEN = Path.of("broken");

    private static final String EXPECT = "# expect: ";

    private static final String BASELINE_FILE = "vs-forecast-weight-based-50.yaml";

    private static final ClusterState FIFTY_FIFTY = TutorialReplay
        .replay(ProjectFiles.root(), LessonDocument.tutorialSteps(ProjectFiles.root().resolve(ProjectFiles.TUTORIAL)))
        .stream()
        .filter(result -> result.step().command().line().endsWith(BASELINE_FILE))
        .findFirst()
        .orElseThrow()
        .state();

    static Stream<String> brokenManifests() throws IOException {
        try (Stream<Path> files = Files.list(TestResources.root().resolve(BROKEN))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0} is rejected")
    @MethodSource("brokenManifests")
    void isRejectedWithTheExpectedMessage(String name) throws IOException {
        Path file = BROKEN.resolve(name);
        String firstLine = Files.readAllLines(TestResources.root().resolve(file)).getFirst();
        assertThat(firstLine).startsWith(EXPECT);
        String expected = firstLine.substring(EXPECT.length());

        List<Problem> problems = new ManifestFiles(TestResources.root()).problems(file);
        if (problems.isEmpty()) {
            var apply = new Command.ApplyFiles("kubectl apply -f " + file, List.of(file), Optional.empty());
            problems = new ConsistencyRules(ProjectFiles.root())
                .check(new Kubectl(TestResources.root()).run(apply, FIFTY_FIFTY));
        }

        assertThat(problems).map(Problem::toString)
            .anySatisfy(problem -> assertThat(problem).startsWith(file + ", document 1 ").contains(expected));
    }

}
