package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GitHub Actions workflows (.github/workflows/, the release that publishes the
 * images) as actionlint reads them: syntax, expressions, the actions' inputs and the
 * token's permissions. actionlint is built by {@code scripts/cluster.sh build} (the test
 * is skipped without it, except in CI, where .ci/run builds it first).
 */
class ReleaseWorkflowTest {

    private static final Path WORKFLOWS = Path.of(".github", "workflows");

    private static final Path RELEASE = WORKFLOWS.resolve("release.yml");

    /** The command the release runs and scripts/images/registry-push-test.sh proves. */
    private static final String PUSH = "scripts/images/push.sh";

    private static BuiltTool actionlint;

    @BeforeAll
    static void findActionlint() {
        actionlint = BuiltTool.named("actionlint");
    }

    @Test
    void actionlintFindsNoProblemInAnyWorkflow() throws IOException {
        List<String> workflows;
        try (Stream<Path> files = Files.list(ProjectFiles.root().resolve(WORKFLOWS))) {
            workflows = files.map(file -> ProjectFiles.root().relativize(file).toString()).sorted().toList();
        }
        assertThat(workflows).contains(RELEASE.toString());

        assertThat(problems(workflows)).isEmpty();
    }

    @Test
    void actionlintFindsEachDefectOfABrokenReleaseWorkflow() {
        Path broken = TestResources.root().resolve("workflows").resolve("release-defects.yml");

        assertThat(problems(List.of(broken.toString()))).containsExactly(
                "10 permissions: \"publish\" is invalid as permission of scope \"packages\"",
                "19 action: input \"java_version\" is not defined in action \"actions/setup-java@v5\"",
                "20 expression: property \"ref_nam\" is not defined in object type");
    }

    @Test
    void theReleasePushesOnAVersionTagWithThePushScriptThatTheLoopbackTestProves() throws IOException {
        String release = Files.readString(ProjectFiles.root().resolve(RELEASE));
        String proof = Files.readString(ProjectFiles.root().resolve("scripts/images/registry-push-test.sh"));

        assertThat(release).contains("tags: [\"v[0-9]+.[0-9]+.[0-9]+\"]")
            .contains("packages: write")
            .containsPattern("run: " + PUSH + " \"ghcr\\.io/\\$\\{GITHUB_REPOSITORY_OWNER,,}\"");
        assertThat(proof).containsPattern("(?m)^\\s*" + PUSH + " ");
    }

    /**
     * "line kind: message" of each problem, the message without the list of what is
     * known.
     */
    private static List<String> problems(List<String> files) {
        List<String> arguments = new ArrayList<>(List.of("-format", "{{json .}}"));
        arguments.addAll(files);
        BuiltTool.Result lint = actionlint.run(ProjectFiles.root(), arguments);
        assertThat(lint.status()).as(lint.output()).isIn(0, 1);
        try {
            List<String> problems = new ArrayList<>();
            for (JsonNode problem : new ObjectMapper().readTree(lint.output())) {
                problems.add(problem.get("line").asInt() + " " + problem.get("kind").asText() + ": "
                        + problem.get("message").asText().replaceFirst("(\\. | \\{).*", ""));
            }
            return problems;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
