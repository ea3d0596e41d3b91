package io.weatherforecast.lessons.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.DynamicTest;

import io.weatherforecast.lessons.live.ProxyConfig.WeightedCluster;
import io.weatherforecast.lessons.tutorial.TutorialStep;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the steps of a tutorial as written on the local cluster, and asks istiod after
 * each one that changes it.
 */
final class ClusterReplay {

    /**
     * How long istiod and KWOK get to catch up with a step: new pods need an IP and
     * istiod pushes the endpoints after that. A state that still has problems after this
     * is reported as it is.
     */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private static final Duration STABLE = Duration.ofSeconds(1);

    private ClusterReplay() {
    }

    static StepRun run(LocalCluster cluster, TutorialStep step) {
        return run(cluster, step, MeshState.Ingress.ISTIO);
    }

    static StepRun run(LocalCluster cluster, TutorialStep step, MeshState.Ingress ingress) {
        LocalCluster.Result result = cluster.shell(step.command().line());
        Optional<MeshState> mesh = step.changesCluster() && result.succeeded() ? Optional.of(settled(cluster, ingress))
                : Optional.empty();
        return new StepRun(step, result, mesh);
    }

    /**
     * istiod's answer once it has caught up: the same for a second in a row and without
     * problems, or the last one seen when that does not come in time. istiod debounces
     * changes from the API server, and KWOK gives new pods their IPs shortly after they
     * are scheduled.
     */
    static MeshState settled(LocalCluster cluster) {
        return settled(cluster, MeshState.Ingress.ISTIO);
    }

    static MeshState settled(LocalCluster cluster, MeshState.Ingress ingress) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        MeshState state = MeshState.of(cluster, ingress);
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            pause();
            MeshState next = MeshState.of(cluster, ingress);
            if (!next.sameAs(state)) {
                stableSince = System.nanoTime();
            }
            state = next;
            if (state.problems().isEmpty() && System.nanoTime() - stableSince >= STABLE.toNanos()) {
                break;
            }
        }
        return state;
    }

    /**
     * The first check of a step: it runs as written, exits 0 and prints what the document
     * shows. The run goes to {@code run}, and to {@code lastChange} when it changed the
     * cluster, for the checks after it.
     */
    static DynamicTest runsAsWritten(LocalCluster cluster, TutorialStep step, MeshState.Ingress ingress,
            AtomicReference<StepRun> run, AtomicReference<StepRun> lastChange) {
        return DynamicTest.dynamicTest("runs and prints what the document shows", () -> {
            run.set(run(cluster, step, ingress));
            if (run.get().mesh().isPresent()) {
                lastChange.set(run.get());
            }
            assertThat(run.get().result().exitStatus()).as("%s failed: %s", step, run.get().result().errors()).isZero();
            step.shownOutput()
                .ifPresent(shown -> assertThat(
                        ShownOutput.difference(step.command().line(), shown, run.get().result().output()))
                    .as(step.toString())
                    .isNull());
        });
    }

    /**
     * The checks of a step of a chapter: it runs as written ({@link #runsAsWritten}), and
     * after a step that changes the cluster istiod routes every request to pods that
     * exist and answers as the page and the canary meter show it: the gateway sends the
     * page to {@code page} and the frontend's sidecar spreads forecast over the versions
     * as the step's canary-meter line says; before the chapter shows a line the page is
     * not reachable.
     */
    static List<DynamicTest> stepChecks(LocalCluster cluster, TutorialStep step, MeshState.Ingress ingress, String page,
            AtomicReference<StepRun> lastChange) {
        AtomicReference<StepRun> run = new AtomicReference<>();
        List<DynamicTest> checks = new ArrayList<>();
        checks.add(runsAsWritten(cluster, step, ingress, run, lastChange));
        if (step.changesCluster()) {
            checks.add(DynamicTest.dynamicTest("istiod routes every request to pods that exist",
                    () -> assertThat(meshAfter(run, step).problems()).as("after %s", step).isEmpty()));
            checks.add(DynamicTest.dynamicTest("the page and the canary meter are what the chapter says",
                    () -> pageAndCanaryMeter(step, meshAfter(run, step), page)));
        }
        return checks;
    }

    private static void pageAndCanaryMeter(TutorialStep step, MeshState mesh, String page) {
        if (step.canaryMeter().isEmpty()) {
            assertThat(mesh.pageRoute()).as("%s: the page is not reachable yet, as the chapter says", step).isEmpty();
            return;
        }
        assertThat(mesh.pageRoute()).as("the gateway's route for * on port 80 after %s", step)
            .contains(List.of(new WeightedCluster(page, 100)));
        assertThat(mesh.forecastShares())
            .as("forecast versions the frontend's sidecar spreads requests over after %s", step)
            .isEqualTo(step.canaryMeter());
    }

    /**
     * The check after a chapter's last step: istiod sends no proxy anything that names
     * forecast v1 ({@code v1}, e.g. its subset's cluster), and no pod of it is left.
     */
    static DynamicTest forecastV1IsGoneAtTheEnd(AtomicReference<StepRun> lastChange, String v1) {
        return DynamicTest.dynamicTest("after the last step istiod names forecast v1 nowhere", () -> {
            MeshState end = lastChange.get().mesh().orElseThrow();
            assertThat(end.frontend()).isPresent();
            assertThat(end.gateway()).isPresent();
            assertThat(end.proxies()).allSatisfy(
                    config -> assertThat(config.text()).as("what istiod sends %s", config.proxy()).doesNotContain(v1));
            assertThat(end.pods()).noneMatch(
                    pod -> "forecast".equals(pod.labels().get("app")) && "v1".equals(pod.labels().get("version")));
        });
    }

    /**
     * Retries an assertion on what istiod or a controller writes a moment after a change
     * for up to 10 s, and reports its last failure.
     */
    static void eventually(ThrowingRunnable assertion) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(assertion);
    }

    /**
     * istiod's answer after a step that ran and changed the cluster: the step's own run,
     * or the last run that changed the cluster, which must be this step's.
     */
    static MeshState meshAfter(AtomicReference<StepRun> run, TutorialStep step) {
        assertThat(run.get()).as("%s ran", step).isNotNull();
        assertThat(run.get().step()).as("the step of the run").isEqualTo(step);
        return run.get().mesh().orElseThrow(() -> new AssertionError(step + " left no state to ask istiod about"));
    }

    /** A short wait between two questions to the cluster. */
    static void pause() {
        try {
            Thread.sleep(200);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A step that ran: what its command printed, and istiod's answer afterwards if it
     * changed the cluster.
     */
    record StepRun(TutorialStep step, LocalCluster.Result result, Optional<MeshState> mesh) {
    }

}
