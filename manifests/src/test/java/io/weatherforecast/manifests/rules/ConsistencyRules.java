package io.weatherforecast.manifests.rules;

import io.weatherforecast.manifests.cluster.ClusterState;
import io.weatherforecast.manifests.schema.Problem;
import java.nio.file.Path;
import java.util.List;

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

}
