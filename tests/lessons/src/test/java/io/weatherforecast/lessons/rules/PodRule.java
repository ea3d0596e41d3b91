package io.weatherforecast.lessons.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SleepAction;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.weatherforecast.lessons.cluster.ClusterState;
import io.weatherforecast.lessons.cluster.Resource;
import io.weatherforecast.lessons.schema.Problem;
import io.weatherforecast.lessons.schema.YamlDocuments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.boot.convert.DurationStyle;

/**
 * Every pod is hardened, probed, stopped gracefully, sized and started after its sidecar,
 * as the issue asks: non-root with a numeric user, read-only root filesystem with an
 * emptyDir on /tmp, no capabilities, no privilege escalation, seccomp RuntimeDefault;
 * startup and liveness probes on the liveness group, readiness on readiness; a preStop
 * sleep and a grace period longer than it plus the app's shutdown phase; requests and
 * limits; holdApplicationUntilProxyStarts.
 */
final class PodRule implements Rule {

    static final String LIVENESS = "/actuator/health/liveness";
    static final String READINESS = "/actuator/health/readiness";
    static final String PROXY_CONFIG = "proxy.istio.io/config";

    private static final Path SERVICE_DEFAULTS = Path.of("libs", "service-starter", "src", "main", "resources",
            "service-defaults.yml");

    private final Duration shutdownPhase;

    PodRule(Path root) {
        JsonNode defaults = YamlDocuments.read(root, SERVICE_DEFAULTS).getFirst().tree();
        shutdownPhase = DurationStyle
            .detectAndParse(defaults.path("spring").path("lifecycle").path("timeout-per-shutdown-phase").asText());
    }

    @Override
    public Stream<Problem> check(ClusterState state) {
        return state.all(Deployment.class).stream().flatMap(this::check);
    }

    private Stream<Problem> check(Resource<Deployment> deployment) {
        PodSpec pod = deployment.object().getSpec().getTemplate().getSpec();
        Container container = Containers.app(deployment.object());
        List<String> missing = new ArrayList<>();
        security(pod, container, missing);
        probes(container, missing);
        termination(pod, container, missing);
        resources(container, missing);
        sidecarFirst(deployment.object(), missing);
        return missing.stream().map(what -> new Problem(deployment.source(), "/spec/template", "needs " + what));
    }

    private static void security(PodSpec pod, Container container, List<String> missing) {
        PodSecurityContext podContext = Objects.requireNonNullElse(pod.getSecurityContext(), new PodSecurityContext());
        SecurityContext context = Objects.requireNonNullElse(container.getSecurityContext(), new SecurityContext());
        if (!Boolean.TRUE.equals(first(context.getRunAsNonRoot(), podContext.getRunAsNonRoot()))) {
            missing.add("runAsNonRoot: true");
        }
        Long user = first(context.getRunAsUser(), podContext.getRunAsUser());
        if (user == null || user == 0) {
            missing.add("runAsUser: a numeric user other than root");
        }
        var seccomp = first(context.getSeccompProfile(), podContext.getSeccompProfile());
        if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
            missing.add("seccompProfile type RuntimeDefault");
        }
        if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
            missing.add("readOnlyRootFilesystem: true");
        }
        if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            missing.add("allowPrivilegeEscalation: false");
        }
        if (context.getCapabilities() == null || !context.getCapabilities().getDrop().contains("ALL")) {
            missing.add("capabilities: drop ALL");
        }
        boolean tmpIsEmptyDir = container.getVolumeMounts()
            .stream()
            .filter(mount -> "/tmp".equals(mount.getMountPath()))
            .map(VolumeMount::getName)
            .anyMatch(name -> pod.getVolumes()
                .stream()
                .anyMatch(volume -> name.equals(volume.getName()) && volume.getEmptyDir() != null));
        if (!tmpIsEmptyDir) {
            missing.add("an emptyDir volume mounted on /tmp (the only writable path)");
        }
    }

    private static void probes(Container container, List<String> missing) {
        if (!probes(container.getStartupProbe(), LIVENESS)) {
            missing.add("startupProbe: GET " + LIVENESS + " on port " + Containers.PORT_NAME);
        }
        if (!probes(container.getLivenessProbe(), LIVENESS)) {
            missing.add("livenessProbe: GET " + LIVENESS + " on port " + Containers.PORT_NAME);
        }
        if (!probes(container.getReadinessProbe(), READINESS)) {
            missing.add("readinessProbe: GET " + READINESS + " on port " + Containers.PORT_NAME);
        }
    }

    private static boolean probes(Probe probe, String path) {
        return probe != null && probe.getHttpGet() != null && path.equals(probe.getHttpGet().getPath())
                && Containers.PORT_NAME.equals(probe.getHttpGet().getPort().getStrVal());
    }

    private void termination(PodSpec pod, Container container, List<String> missing) {
        long preStopSeconds = Optional.ofNullable(container.getLifecycle())
            .map(Lifecycle::getPreStop)
            .map(LifecycleHandler::getSleep)
            .map(SleepAction::getSeconds)
            .orElse(0L);
        if (preStopSeconds <= 0) {
            missing.add("a preStop sleep, so that the pod leaves the endpoints before it stops");
        }
        long needed = preStopSeconds + shutdownPhase.toSeconds();
        Long grace = pod.getTerminationGracePeriodSeconds();
        if (grace == null || grace <= needed) {
            missing.add("terminationGracePeriodSeconds above " + needed + " (the preStop sleep plus the app's "
                    + shutdownPhase.toSeconds() + " s shutdown phase)");
        }
    }

    private static void resources(Container container, List<String> missing) {
        var resources = container.getResources();
        Map<String, Quantity> requests = resources == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> limits = resources == null ? Map.of() : resources.getLimits();
        if (!requests.containsKey("cpu") || !requests.containsKey("memory") || !limits.containsKey("memory")) {
            missing.add("resources: cpu and memory requests and a memory limit");
        }
        else if (limits.get("memory").getNumericalAmount().compareTo(requests.get("memory").getNumericalAmount()) < 0) {
            missing.add("a memory limit no lower than the request");
        }
    }

    private static void sidecarFirst(Deployment deployment, List<String> missing) {
        String config = deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(PROXY_CONFIG);
        boolean holds = config != null
                && YamlDocuments.parse(config).path("holdApplicationUntilProxyStarts").asBoolean(false);
        if (!holds) {
            missing.add("the annotation " + PROXY_CONFIG + " with holdApplicationUntilProxyStarts: true");
        }
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        return Stream.of(candidates).filter(Objects::nonNull).findFirst().orElse(null);
    }

}
