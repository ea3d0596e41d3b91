package io.weatherforecast.lessons.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.weatherforecast.lessons.cluster.ClusterState;
import io.weatherforecast.lessons.cluster.Labels;
import io.weatherforecast.lessons.cluster.Resource;
import io.weatherforecast.lessons.schema.Problem;
import io.weatherforecast.lessons.schema.YamlDocuments;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The configuration the services read from Kubernetes, and who may read it: a ConfigMap
 * named like a service holds the service's section of its application.yml under
 * {@code application.yaml}; a Role may only list and watch ConfigMaps (the requests
 * spring-cloud-kubernetes makes, measured on a real API server by the services' live
 * configuration tests), without resource names, which would refuse them; exactly the
 * ServiceAccounts of services with a ConfigMap are bound to it and mount an API token;
 * every Deployment runs as the ServiceAccount named like its app.
 */
final class ConfigurationAccessRule implements Rule {

    static final String DATA_KEY = "application.yaml";

    private static final List<String> READ_VERBS = List.of("list", "watch");

    private final Path root;

    ConfigurationAccessRule(Path root) {
        this.root = root;
    }

    @Override
    public Stream<Problem> check(ClusterState state) {
        Set<String> readers = configMapReaders(state);
        return Stream
            .of(state.all(ConfigMap.class).stream().flatMap(this::content),
                    state.all(Role.class).stream().flatMap(ConfigurationAccessRule::readOnly),
                    state.all(RoleBinding.class).stream().flatMap(binding -> boundOnlyToReaders(state, binding)),
                    state.all(ServiceAccount.class).stream().flatMap(account -> token(account, readers)),
                    state.all(Deployment.class).stream().flatMap(deployment -> serviceAccount(state, deployment)))
            .flatMap(problems -> problems);
    }

    private Stream<Problem> content(Resource<ConfigMap> configMap) {
        String app = configMap.name();
        Optional<Workload> workload = Workload.ALL.stream().filter(w -> w.app().equals(app)).findFirst();
        if (workload.isEmpty()) {
            return Stream.of(new Problem(configMap.source(), "/metadata/name", "is named after no service"));
        }
        var data = configMap.object().getData();
        if (!Set.of(DATA_KEY).equals(data.keySet())) {
            return Stream.of(new Problem(configMap.source(), "/data", "needs exactly one key, " + DATA_KEY));
        }
        var module = ModuleConfiguration.of(root, workload.get().module());
        JsonNode expected = module.section(app);
        return expected.equals(YamlDocuments.parse(data.get(DATA_KEY))) ? Stream.empty()
                : Stream.of(new Problem(configMap.source(), "/data/" + DATA_KEY,
                        "differs from the '" + app + ":' section of " + module.file()));
    }

    private static Stream<Problem> readOnly(Resource<Role> role) {
        Stream<Problem> wider = role.object()
            .getRules()
            .stream()
            .filter(rule -> !rule.getResources().equals(List.of("configmaps"))
                    || !rule.getApiGroups().equals(List.of(""))
                    || !Set.copyOf(rule.getVerbs()).equals(Set.copyOf(READ_VERBS)))
            .map(rule -> new Problem(role.source(), "/rules",
                    "may grant only list and watch on configmaps, not " + describe(rule)));
        Stream<Problem> named = role.object()
            .getRules()
            .stream()
            .filter(rule -> rule.getResourceNames() != null && !rule.getResourceNames().isEmpty())
            .map(rule -> new Problem(role.source(), "/rules",
                    "restricts list and watch to resourceNames " + rule.getResourceNames()
                            + ", which refuses spring-cloud-kubernetes' list and watch of the collection"));
        return Stream.concat(wider, named);
    }

    private static Stream<Problem> boundOnlyToReaders(ClusterState state, Resource<RoleBinding> binding) {
        String role = binding.object().getRoleRef().getName();
        if (state.find(Role.class, binding.namespace(), role).isEmpty()) {
            return Stream
                .of(new Problem(binding.source(), "/roleRef", "refers to Role " + role + ", which does not exist"));
        }
        Set<String> withConfiguration = state.all(ConfigMap.class)
            .stream()
            .map(Resource::name)
            .collect(Collectors.toSet());
        return binding.object()
            .getSubjects()
            .stream()
            .filter(subject -> !"ServiceAccount".equals(subject.getKind())
                    || !withConfiguration.contains(subject.getName()))
            .map(subject -> new Problem(binding.source(), "/subjects",
                    "binds " + subject.getKind() + " " + subject.getName()
                            + ", but only the ServiceAccounts of services with a ConfigMap need to read them"));
    }

    private static Stream<Problem> token(Resource<ServiceAccount> account, Set<String> readers) {
        boolean mounts = !Boolean.FALSE.equals(account.object().getAutomountServiceAccountToken());
        boolean reads = readers.contains(account.name());
        if (mounts == reads) {
            return Stream.empty();
        }
        return Stream.of(new Problem(account.source(), "/automountServiceAccountToken",
                reads ? "must not be false: the service reads its ConfigMap through the Kubernetes API"
                        : "must be false: the service needs no Kubernetes API access"));
    }

    private static Stream<Problem> serviceAccount(ClusterState state, Resource<Deployment> deployment) {
        String app = Labels.ofPods(deployment.object()).get(Labels.APP);
        String account = deployment.object().getSpec().getTemplate().getSpec().getServiceAccountName();
        if (!Objects.equals(app, account)) {
            return Stream.of(new Problem(deployment.source(), "/spec/template/spec/serviceAccountName",
                    "is " + account + ", but each service runs as its own ServiceAccount, named " + app));
        }
        return state.find(ServiceAccount.class, deployment.namespace(), account).isPresent() ? Stream.empty()
                : Stream.of(new Problem(deployment.source(), "/spec/template/spec/serviceAccountName",
                        "ServiceAccount " + account + " does not exist"));
    }

    /** The ServiceAccounts bound to a Role that exists. */
    private static Set<String> configMapReaders(ClusterState state) {
        return state.all(RoleBinding.class)
            .stream()
            .filter(binding -> state.find(Role.class, binding.namespace(), binding.object().getRoleRef().getName())
                .isPresent())
            .flatMap(binding -> binding.object().getSubjects().stream())
            .filter(subject -> "ServiceAccount".equals(subject.getKind()))
            .map(Subject::getName)
            .collect(Collectors.toSet());
    }

    private static String describe(PolicyRule rule) {
        return rule.getVerbs() + " on " + rule.getResources() + " of API groups "
                + rule.getApiGroups().stream().map(group -> group.isEmpty() ? "\"\" (core)" : group).toList();
    }

}
