package io.weatherforecast.lessons.rules;

import io.weatherforecast.lessons.cluster.ClusterState;
import io.weatherforecast.lessons.schema.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Every consistency rule, each checked across all the objects in the cluster at once. */
public final class ConsistencyRules {

    private final List<Rule> rules;

    public ConsistencyRules(Path root) {
        rules = List.of(new NamespaceRule(), new RoutingRule(), new ServiceRule(), new WorkloadRule(root),
                new PodRule(root), new ConfigurationAccessRule(root), new SecurityRule(), new ImageReferenceRule());
    }

    public List<Problem> check(ClusterState state) {
        return rules.stream().flatMap(rule -> rule.check(state)).toList();
    }

    /**
     * One test per step of a replay, "after STEP": no rule finds a problem in the cluster
     * then.
     */
    public <T> Stream<DynamicTest> holdAfterEach(List<T> replay, Function<T, ?> step, Function<T, ClusterState> state) {
        return replay.stream()
            .map(result -> DynamicTest.dynamicTest("after " + step.apply(result),
                    () -> assertThat(check(state.apply(result))).isEmpty()));
    }

}
