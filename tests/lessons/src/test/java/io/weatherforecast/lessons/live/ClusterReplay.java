package io.weatherforecast.lessons.live;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DynamicTest;
import java.util.Optional;

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

    /** istiod's answer after a step that ran and changed the cluster. */
    static MeshState meshAfter(AtomicReference<StepRun> run, TutorialStep step) {
        assertThat(run.get()).as("%s ran", step).isNotNull();
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
