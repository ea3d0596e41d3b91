package io.weatherforecast.lessons;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.weatherforecast.lessons.cluster.ClusterStateFile;
import io.weatherforecast.lessons.cluster.ClusterState;
import io.weatherforecast.lessons.cluster.ManifestFiles;
import io.weatherforecast.lessons.cluster.Resource;
import io.weatherforecast.lessons.cluster.ResourceKey;
import io.weatherforecast.lessons.rules.ConsistencyRules;
import io.weatherforecast.lessons.schema.YamlDocuments;
import io.weatherforecast.lessons.tutorial.Kubectl;
import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.LessonStep;
import io.weatherforecast.lessons.tutorial.TutorialReplay;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/security.md applied step by step on top of the tutorial's last step, against the
 * model of the cluster: the scripts of the lesson run for real (keys and certificate made
 * in target/), their output is applied like {@code kubectl apply -f -}. Writes the
 * cluster after each step to target/security-steps for scripts/istio-analyze.sh.
 */
class SecurityTest {

    private static final Path ROOT = ProjectFiles.root();

    private static final Path STATES = Path.of("target", "security-steps");

    private static final List<LessonStep> STEPS = LessonDocument.lessonSteps(ROOT.resolve(ProjectFiles.SECURITY));

    private static final List<Applied> REPLAY = replay();

    @Test
    void stepsAreNumberedFromOneWithoutGapsAndEachChangesTheCluster() {
        assertThat(STEPS).extracting(LessonStep::number)
            .containsExactlyElementsOf(IntStream.rangeClosed(1, STEPS.size()).boxed().toList());
        assertThat(STEPS).allMatch(LessonStep::changesCluster);
    }

    @Test
    void everyObjectUnderIstioSecurityIsAppliedBySomeStep() {
        var manifests = new ManifestFiles(ROOT);
        Set<ResourceKey> committed = new LinkedHashSet<>();
        ProjectFiles.securityManifests()
            .forEach(file -> manifests.read(file).forEach(resource -> committed.add(resource.key())));
        Set<ResourceKey> applied = new LinkedHashSet<>();
        REPLAY.forEach(step -> step.objects().forEach(resource -> applied.add(resource.key())));

        assertThat(committed).isNotEmpty();
        assertThat(applied).containsAll(committed);
    }

    @Test
    void theScriptsPrintTheCommittedPoliciesWithTheirOwnKeyAndASecretOfTheGatewayCertificate() {
        Applied jwt = step("tester-jwt.sh");
        assertThat(jwt.objects()).extracting(resource -> resource.key().toString())
            .containsExactly("RequestAuthentication istio-system/tester-jwt",
                    "AuthorizationPolicy istio-system/tester-area");
        String committedJwks = new ManifestFiles(ROOT)
            .read(Path.of(ProjectFiles.SECURITY_FOLDER, "gateway-tester-jwt.yaml"))
            .getFirst()
            .source()
            .tree()
            .at("/spec/jwtRules/0/jwks")
            .asText();
        String appliedJwks = jwt.objects().getFirst().source().tree().at("/spec/jwtRules/0/jwks").asText();
        assertThat(appliedJwks).contains("\"kty\":\"RSA\"").isNotEqualTo(committedJwks);

        Applied cert = step("gateway-cert.sh");
        assertThat(cert.objects()).extracting(resource -> resource.key().toString())
            .containsExactly("Secret istio-system/weather-gateway-cert");
    }

    @TestFactory
    Stream<DynamicTest> theConsistencyRulesHoldAfterEveryStep() {
        return new ConsistencyRules(ROOT).holdAfterEach(REPLAY, Applied::step, Applied::state);
    }

    /** scripts/istio-analyze.sh runs istioctl analyze over each of these files. */
    @Test
    void theClusterAfterEveryStepIsWrittenForIstioctl() throws IOException {
        ClusterStateFile.emptyFolder(STATES);
        for (Applied result : REPLAY) {
            Path file = STATES.resolve("security-%02d.yaml".formatted(result.step().number()));
            ClusterStateFile.write(file, "After the tutorial and " + result.step(), result.state());
            assertThat(YamlDocuments.read(Path.of(""), file)).hasSameSizeAs(result.state().all());
        }
        assertThat(STATES.resolve("security-%02d.yaml".formatted(STEPS.size()))).exists();
    }

    private static Applied step(String script) {
        return REPLAY.stream()
            .filter(result -> result.step().line().contains(script))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no step runs " + script));
    }

    private static List<Applied> replay() {
        var tutorial = TutorialReplay.replay(ROOT, LessonDocument.tutorialSteps(ROOT.resolve(ProjectFiles.TUTORIAL)));
        ClusterState state = tutorial.getLast().state();
        var kubectl = new Kubectl(ROOT);
        var manifests = new ManifestFiles(ROOT);
        List<Applied> results = new ArrayList<>();
        for (LessonStep step : STEPS) {
            List<Resource<?>> objects;
            if (step.appliedScript().isPresent()) {
                objects = manifests.read(ROOT.relativize(scriptOutput(step)));
                state = state.apply(objects);
            }
            else {
                objects = step.appliedFiles().stream().flatMap(file -> manifests.read(file).stream()).toList();
                state = kubectl.run(step.command().orElseThrow(), state);
            }
            results.add(new Applied(step, objects, state));
        }
        return results;
    }

    /**
     * Runs the step's script as the lesson does, from the root, with its keys in this
     * module's target folder; its output is written to a file for the model's kubectl.
     */
    private static Path scriptOutput(LessonStep step) {
        Path work = ROOT.resolve("tests/lessons").resolve(STATES).getParent().resolve("security-keys");
        try {
            Files.createDirectories(work);
            Path output = work.resolve("step-%02d.yaml".formatted(step.number()));
            Path errors = work.resolve("step-%02d.err".formatted(step.number()));
            var builder = new ProcessBuilder("bash", "-c", step.appliedScript().orElseThrow()).directory(ROOT.toFile())
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile());
            builder.environment().put("JWT_DIR", work.resolve("jwt").toString());
            builder.environment().put("TLS_DIR", work.resolve("tls").toString());
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(step + " did not finish in 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(step + " failed: " + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return output;
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private record Applied(LessonStep step, List<Resource<?>> objects, ClusterState state) {
    }

}
