package io.weatherforecast.lessons.rules;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.weatherforecast.lessons.cluster.ClusterState;
import io.weatherforecast.lessons.cluster.Labels;
import io.weatherforecast.lessons.cluster.References;
import io.weatherforecast.lessons.cluster.Resource;
import io.weatherforecast.lessons.schema.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Each Deployment runs one version of one service as the project builds it: pods labelled
 * app and version, the image Jib builds, the port of the module's application.yml, the
 * version and pod identity in the environment, and a Service (named like the app) that
 * selects its pods.
 */
final class WorkloadRule implements Rule {

    /**
     * Downward API fields the services show as their identity (README, "Mesh-friendly by
     * construction").
     */
    /**
     * The pod's facts the service reads from its environment, each from the pod itself,
     * never written twice.
     */
    private static final List<Map.Entry<String, String>> POD_FIELDS = List.of(
            Map.entry("SERVICE_VERSION", "metadata.labels['version']"), Map.entry("POD_NAME", "metadata.name"),
            Map.entry("POD_NAMESPACE", "metadata.namespace"), Map.entry("NODE_NAME", "spec.nodeName"));

    private final Path root;

    WorkloadRule(Path root) {
        this.root = root;
    }

    @Override
    public Stream<Problem> check(ClusterState state) {
        var references = new References(state);
        return state.all(Deployment.class).stream().flatMap(deployment -> check(references, deployment));
    }

    private Stream<Problem> check(References references, Resource<Deployment> deployment) {
        Map<String, String> labels = Labels.ofPods(deployment.object());
        String app = labels.get(Labels.APP);
        String version = labels.get(Labels.VERSION);
        if (app == null || version == null) {
            return Stream.of(new Problem(deployment.source(), "/spec/template/metadata/labels",
                    "pods need the labels app and version (Istio telemetry and Kiali use both)"));
        }
        Optional<Workload> workload = Workload.of(app, version);
        if (workload.isEmpty()) {
            return Stream.of(new Problem(deployment.source(), "/spec/template/metadata/labels",
                    "runs " + app + " " + version + ", which no module of the project builds"));
        }
        Container container = Containers.app(deployment.object());
        return Stream
            .of(image(deployment, container, workload.get()), port(deployment, workload.get()),
                    environment(deployment, container), service(references, deployment, app))
            .flatMap(Optional::stream);
    }

    private static Optional<Problem> image(Resource<Deployment> deployment, Container container, Workload workload) {
        return workload.image().equals(container.getImage()) ? Optional.empty()
                : Optional
                    .of(new Problem(deployment.source(), Containers.PATH + "/image", "image '" + container.getImage()
                            + "' is not '" + workload.image() + "', the image Jib builds from " + workload.module()));
    }

    private Optional<Problem> port(Resource<Deployment> deployment, Workload workload) {
        var configuration = ModuleConfiguration.of(root, workload.module());
        Optional<Integer> port = Containers.httpPort(deployment.object());
        return port.equals(Optional.of(configuration.serverPort())) ? Optional.empty()
                : Optional.of(new Problem(deployment.source(), Containers.PATH + "/ports",
                        "container port named http is " + port.map(String::valueOf).orElse("missing")
                                + ", but server.port is " + configuration.serverPort() + " in "
                                + configuration.file()));
    }

    private static Optional<Problem> environment(Resource<Deployment> deployment, Container container) {
        Map<String, EnvVar> env = container.getEnv()
            .stream()
            .collect(Collectors.toMap(EnvVar::getName, variable -> variable));
        return POD_FIELDS.stream()
            .filter(field -> !field.getValue().equals(fieldPath(env.get(field.getKey()))))
            .findFirst()
            .map(field -> new Problem(deployment.source(), Containers.PATH + "/env",
                    field.getKey() + " must come from the downward API field " + field.getValue()));
    }

    private static String fieldPath(EnvVar variable) {
        return variable == null || variable.getValueFrom() == null || variable.getValueFrom().getFieldRef() == null
                ? null : variable.getValueFrom().getFieldRef().getFieldPath();
    }

    private static Optional<Problem> service(References references, Resource<Deployment> deployment, String app) {
        boolean selected = references.selectedBy(deployment.namespace(), app)
            .stream()
            .anyMatch(candidate -> candidate.key().equals(deployment.key()));
        return selected ? Optional.empty() : Optional.of(new Problem(deployment.source(),
                "/spec/template/metadata/labels", "no Service named " + app + " selects its pods"));
    }

}
