package io.weatherforecast.lessons.tutorial;

import io.weatherforecast.lessons.cluster.ClusterState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the tutorial's commands in order against a model of the cluster's objects. */
public final class TutorialReplay {

    private TutorialReplay() {
    }

    /** The cluster after each step. */
    public static List<StepResult> replay(Path root, List<TutorialStep> steps) {
        return replay(root, steps, ClusterState.empty());
    }

    /** The cluster after each step, starting from {@code start}. */
    public static List<StepResult> replay(Path root, List<TutorialStep> steps, ClusterState start) {
        var kubectl = new Kubectl(root);
        List<StepResult> results = new ArrayList<>();
        ClusterState state = start;
        for (TutorialStep step : steps) {
            try {
                state = kubectl.run(step.command(), state);
            }
            catch (RuntimeException e) {
                throw new IllegalStateException(step + " fails: " + e.getMessage(), e);
            }
            results.add(new StepResult(step, state));
        }
        return results;
    }

    public record StepResult(TutorialStep step, ClusterState state) {
    }

}
