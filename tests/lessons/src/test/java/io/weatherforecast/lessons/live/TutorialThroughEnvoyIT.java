package io.weatherforecast.lessons.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.live.ClusterReplay.StepRun;
import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.TutorialStep;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/tutorial.md replayed as written on the cluster of {@code scripts/cluster.sh up
 * --data-plane}, where the pods of {@code weather} and the ingress gateway run for real:
 * the services' jars, each beside pilot-agent and upstream Envoy with Istio's capture and
 * mutual TLS. At every step that shows a canary-meter line, the page's own canary meter
 * sends {@value #PROBES} requests through the gateway and the versions that answered must
 * give the line: 100% of one version exactly, a 50/50 split within the 99.9% binomial
 * interval. From the step that opens the gateway on, every step that changes the cluster
 * runs while {@value #LOAD_PER_SECOND} requests a second go through the gateway, until
 * istiod has caught up with it, and not one of them may fail. The counts go to
 * {@code target/tutorial-through-envoy.md}.
 */
@UpWith("--data-plane")
class TutorialThroughEnvoyIT extends OnLocalCluster {

    private static final List<TutorialStep> STEPS = LessonDocument
        .tutorialSteps(ProjectFiles.root().resolve(ProjectFiles.TUTORIAL));

    static final int PROBES = 400;

    /** The city the tutorial's own probe uses (Troubleshooting, {@code curl -i}). */
    private static final String CITY = "beijing";

    private static final double INTERVAL_MASS = 0.999;

    private static final Path REPORT = ProjectFiles.root().resolve("tests/lessons/target/tutorial-through-envoy.md");

    /**
     * The rate of the steady load while a step changes the mesh (the issue asks 50/s or
     * more).
     */
    static final int LOAD_PER_SECOND = 50;

    private static final List<String> rows = new ArrayList<>();

    private static final List<String> loadRows = new ArrayList<>();

    private static final List<String> lookedAgain = new ArrayList<>();

    /** As long as the tutorial's own wait for its pods (step 3). */
    private static final Duration LOOK_AGAIN_FOR = Duration.ofMinutes(5);

    @AfterAll
    static void writeTheReport() throws IOException {
        if (!rows.isEmpty()) {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, "# The tutorial's canary meter through Envoy\n\n" + PROBES
                    + " requests GET /api/probe?city=" + CITY + " through the ingress gateway per step.\n\n"
                    + "| step | the page says | answered | verdict |\n|---|---|---|---|\n" + String.join("\n", rows)
                    + "\n\n## Requests at " + LOAD_PER_SECOND + "/s through the gateway while each step ran\n\n"
                    + "| step | sent, outcomes |\n|---|---|\n" + String.join("\n", loadRows)
                    + "\n\n## Steps whose kubectl get showed the tutorial's state only when looked at again\n\n"
                    + (lookedAgain.isEmpty() ? "none" : String.join("\n", lookedAgain)) + "\n");
        }
    }

    @TestFactory
    Stream<DynamicNode> everyCanaryMeterLineOfTheTutorialIsWhatRequestsThroughEnvoyShow() {
        List<DynamicNode> nodes = new ArrayList<>();
        boolean pageReachable = false;
        for (TutorialStep step : STEPS) {
            AtomicReference<SteadyLoad.Outcome> load = new AtomicReference<>();
            List<DynamicTest> checks = new ArrayList<>();
            boolean underLoad = pageReachable && step.changesCluster();
            checks.add(DynamicTest.dynamicTest("runs as written" + (underLoad ? " while the page is used" : ""),
                    () -> runStep(step, underLoad, load)));
            if (underLoad) {
                checks.add(DynamicTest.dynamicTest(
                        "no request of " + LOAD_PER_SECOND + "/s through the gateway fails while it runs",
                        () -> assertThat(load.get().failed()).as("%s: %s", step, load.get()).isZero()));
            }
            pageReachable |= step.canaryMeter().isPresent();
            step.canaryMeter()
                .ifPresent(shares -> checks.add(DynamicTest.dynamicTest(
                        "the canary meter's " + PROBES + " requests through Envoy show " + shares,
                        () -> canaryMeter(step, shares))));
            nodes.add(DynamicContainer.dynamicContainer(step.toString(), checks.stream()));
        }
        return nodes.stream();
    }

    /**
     * Runs the step as written, under the steady load when asked, and compares what it
     * prints with the tutorial. A command that only looks (kubectl get) is run again, as
     * an attendee told to wait for {@code 2/2 Running} does, until it prints what the
     * tutorial shows or {@link #LOOK_AGAIN_FOR} has passed; how long that took goes to
     * the report.
     */
    private static void runStep(TutorialStep step, boolean underLoad, AtomicReference<SteadyLoad.Outcome> load) {
        SteadyLoad steady = underLoad ? SteadyLoad.start(DataPlane.gateway(cluster), CITY, LOAD_PER_SECOND) : null;
        StepRun run = ClusterReplay.run(cluster, step);
        if (steady != null) {
            load.set(steady.stop());
            loadRows.add("| " + step.number() + ". `" + step.command().line() + "` | " + load.get() + " |");
        }
        assertThat(run.result().exitStatus()).as("%s failed: %s", step, run.result().errors()).isZero();
        if (step.shownOutput().isEmpty()) {
            return;
        }
        String shown = step.shownOutput().get();
        long started = System.nanoTime();
        String difference = ShownOutput.difference(step.command().line(), shown, run.result().output());
        String first = difference;
        while (difference != null && !step.changesCluster() && System.nanoTime() - started < LOOK_AGAIN_FOR.toNanos()) {
            ClusterReplay.pause();
            difference = ShownOutput.difference(step.command().line(), shown,
                    cluster.shell(step.command().line()).output());
        }
        if (first != null && difference == null) {
            lookedAgain.add(String.format("- step %d printed what the tutorial shows after %.0f s; at first: %s",
                    step.number(), (System.nanoTime() - started) / 1e9, first.replace("\n", " / ")));
        }
        assertThat(difference).as(step.toString()).isNull();
    }

    private static void canaryMeter(TutorialStep step, Map<String, Integer> shares) {
        DataPlane.awaitProxiesSynced(cluster);
        Map<String, Integer> counts = new CanaryMeter(DataPlane.gateway(cluster), CITY).send(PROBES);
        rows.add("| " + step.number() + ". " + step.title() + " | " + shares + " | " + counts + " | "
                + CanaryMeter.expected(shares, PROBES, INTERVAL_MASS) + " |");
        CanaryMeter.assertShares("after " + step, shares, counts, PROBES, INTERVAL_MASS);
    }

}
