package io.weatherforecast.lessons.live;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.live.MeshState.Pod;
import io.weatherforecast.lessons.live.ProxyConfig.WeightedCluster;
import io.weatherforecast.lessons.tutorial.AttendeeCommand;
import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.TutorialStep;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/workshop.md on the real control plane: two attendees run the tutorial side by side
 * on one cluster, each in a namespace of their own, with the commands the page gives (the
 * tutorial's, through scripts/attendee.sh and the component k8s/workshop). alice goes to
 * the 50/50 step while bob stays at "every request to v1"; then alice finishes the
 * tutorial, forecast v1 deleted. After each, istiod's xDS answers are asserted: the
 * shared ingress gateway sends each attendee's host to that attendee's frontend and no
 * other host to any; each frontend's sidecar routes its own forecast with its own
 * weights; every cluster any of these proxies routes to has endpoints only among the pods
 * of its own namespace. And every other file of the tutorial and the scenarios, rendered
 * for an attendee, names neither the namespace weather nor the host {@code *}, and the
 * API server takes it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkshopOnClusterIT extends OnLocalCluster {

    private static final List<TutorialStep> TUTORIAL = LessonDocument
        .tutorialSteps(ProjectFiles.root().resolve(ProjectFiles.TUTORIAL));

    private static final String ALICE = "alice";

    private static final String BOB = "bob";

    /** outbound|PORT|SUBSET|SERVICE.NAMESPACE.svc.cluster.local */
    private static final Pattern OUTBOUND = Pattern.compile("outbound\\|\\d+\\|[^|]*\\|[^.]+\\.([^.]+)\\.svc\\..*");

    /**
     * What names the namespace weather or the gateway's any host, as the tutorial's files
     * do: a host, a principal, an object's namespace, the Gateway in istio-system, a host
     * {@code *}.
     */
    private static final Pattern OTHER_NAMESPACE_OR_ANY_HOST = Pattern.compile(
            "weather\\.svc|ns/weather/|namespace: weather$|istio-system/weather-gateway|^\\s*- ['\"]?\\*['\"]?$",
            Pattern.MULTILINE);

    private static final String FILE_MARK = "### rendered: ";

    private static final Optional<Map<String, Integer>> FIFTY_FIFTY = Optional.of(Map.of("v1", 50, "v2", 50));

    @Test
    @Order(1)
    void twoAttendeesOnOneClusterEachReachOnlyTheirOwnFrontendAndTheirOwnForecast() {
        int fiftyFifty = firstStep(step -> step.canaryMeter().equals(FIFTY_FIFTY));
        int allToV1 = firstStep(step -> step.command().line().contains("istio/virtual-service-v1.yaml"));
        runTutorial(ALICE, 0, fiftyFifty);
        runTutorial(BOB, 0, allToV1);

        ClusterReplay.eventually(() -> {
            assertGatewayRoutesEachHostToItsOwnFrontend();
            assertForecastRoute(ALICE, List.of(weighted(ALICE, "v1", 50), weighted(ALICE, "v2", 50)));
            assertForecastRoute(BOB, List.of(weighted(BOB, "v1", 100)));
            assertEveryRouteStaysInItsNamespace();
        });
    }

    @Test
    @Order(2)
    void whenOneAttendeeDeletesForecastV1TheOtherKeepsTheirs() {
        runTutorial(ALICE, firstStep(step -> step.canaryMeter().equals(FIFTY_FIFTY)) + 1, TUTORIAL.size() - 1);

        ClusterReplay.eventually(() -> {
            assertThat(pods(ALICE)).noneMatch(
                    pod -> "forecast".equals(pod.labels().get("app")) && "v1".equals(pod.labels().get("version")));
            assertGatewayRoutesEachHostToItsOwnFrontend();
            assertForecastRoute(ALICE, List.of(weighted(ALICE, "v2", 100)));
            assertForecastRoute(BOB, List.of(weighted(BOB, "v1", 100)));
            assertEveryRouteStaysInItsNamespace();
        });
    }

    @Test
    @Order(3)
    void everyFileOfTheTutorialAndTheScenariosRenderedForAnAttendeeNamesNoOtherNamespaceAndNoAnyHost() {
        List<Path> files = ProjectFiles.manifests()
            .stream()
            .filter(file -> !file.startsWith(ProjectFiles.SECURITY_FOLDER))
            .toList();
        assertThat(files).contains(Path.of("istio/weather-gateway.yaml"),
                Path.of("istio/scenarios/sidecar-scope/sidecars.yaml"));
        // one shell for all: each file rendered, taken by the API server in a dry
        // run, and printed after a line naming it
        String script = files.stream()
            .map(file -> "out=$(scripts/attendee.sh " + file + ") && printf '%s\\n' \"$out\""
                    + " | kubectl apply --dry-run=server -f - >/dev/null && printf '%s\\n' '" + FILE_MARK + file
                    + "' \"$out\"")
            .collect(Collectors.joining(" && "));
        LocalCluster.Result rendered = run("export ATTENDEE=" + ALICE + " && " + script);
        List<String> parts = List.of(rendered.output().split("(?m)^" + Pattern.quote(FILE_MARK)));
        assertThat(parts).as("the files rendered").hasSize(files.size() + 1);
        for (String part : parts.subList(1, parts.size())) {
            assertThat(OTHER_NAMESPACE_OR_ANY_HOST.matcher(part).results().map(MatchResult::group).toList())
                .as("%s rendered for %s", part.lines().findFirst().orElseThrow(), ALICE)
                .isEmpty();
        }
    }

    private static void runTutorial(String attendee, int from, int to) {
        for (TutorialStep step : TUTORIAL.subList(from, to + 1)) {
            run("export ATTENDEE=" + attendee + " && " + AttendeeCommand.of(step.command().line()));
        }
    }

    private static int firstStep(Predicate<TutorialStep> which) {
        for (int i = 0; i < TUTORIAL.size(); i++) {
            if (which.test(TUTORIAL.get(i))) {
                return i;
            }
        }
        throw new IllegalStateException("no such step in the tutorial");
    }

    private static WeightedCluster weighted(String attendee, String version, int weight) {
        return new WeightedCluster("outbound|3002|" + version + "|forecast." + attendee + ".svc.cluster.local", weight);
    }

    private static List<Pod> pods(String namespace) {
        return MeshState.pods(cluster.kubectlJson("get pods -n " + namespace));
    }

    private static ProxyConfig gateway() {
        Pod pod = MeshState.pods(cluster.kubectlJson("get pods -n istio-system -l istio=ingressgateway")).getFirst();
        return cluster.xds("istio-system", pod.name());
    }

    private static ProxyConfig frontend(String attendee) {
        Pod pod = pods(attendee).stream()
            .filter(p -> "frontend".equals(p.labels().get("app")) && p.ip() != null)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no frontend pod with an IP in " + attendee));
        return cluster.xds(attendee, pod.name());
    }

    /**
     * The gateway's route for port 80 has one virtual host per attendee, for their host,
     * to their frontend v1, and none for any other host; whatever the port in the Host
     * header (a browser sends alice.localhost:8080 through a port-forward).
     */
    private static void assertGatewayRoutesEachHostToItsOwnFrontend() {
        ProxyConfig gateway = gateway();
        for (String attendee : List.of(ALICE, BOB)) {
            String host = attendee + ".localhost";
            List<WeightedCluster> frontend = List
                .of(new WeightedCluster("outbound|3000|v1|frontend." + attendee + ".svc.cluster.local", 100));
            assertThat(gateway.routeTo(MeshState.Ingress.ISTIO.route(), host)).as("the gateway's route for %s", host)
                .contains(frontend);
        }
        assertThat(domainsOf(gateway)).as("the hosts the gateway answers for")
            .containsExactlyInAnyOrder("alice.localhost", "bob.localhost");
        assertThat(gateway.dump()
            .path("routes")
            .path(MeshState.Ingress.ISTIO.route())
            .path("ignore_port_in_host_matching")
            .asBoolean()).as("the gateway's route matches hosts whatever the port").isTrue();
    }

    private static Set<String> domainsOf(ProxyConfig gateway) {
        Set<String> domains = new TreeSet<>();
        gateway.dump()
            .path("routes")
            .path(MeshState.Ingress.ISTIO.route())
            .path("virtual_hosts")
            .forEach(host -> host.path("domains").forEach(domain -> domains.add(domain.asText())));
        return domains;
    }

    /**
     * The attendee's frontend sends forecast.ATTENDEE to these clusters, each with
     * exactly the pods of its version in the attendee's namespace.
     */
    private static void assertForecastRoute(String attendee, List<WeightedCluster> clusters) {
        ProxyConfig frontend = frontend(attendee);
        assertThat(frontend.routeTo(MeshState.FORECAST_ROUTE, "forecast." + attendee + ".svc.cluster.local"))
            .as("%s's frontend's route for forecast", attendee)
            .contains(clusters);
        List<Pod> pods = pods(attendee);
        for (WeightedCluster routed : clusters) {
            String version = routed.name().split("\\|")[2];
            Set<String> ips = pods.stream()
                .filter(pod -> "forecast".equals(pod.labels().get("app"))
                        && version.equals(pod.labels().get("version")))
                .map(Pod::ip)
                .collect(Collectors.toSet());
            assertThat(ips).as("%s's forecast %s pods", attendee, version).isNotEmpty();
            assertThat(frontend.endpoints(routed.name())).as("endpoints of %s", routed.name())
                .containsExactlyInAnyOrderElementsOf(ips);
        }
    }

    /**
     * Every cluster the gateway and both frontends route to has endpoints only among the
     * pods of the namespace its name says.
     */
    private static void assertEveryRouteStaysInItsNamespace() {
        Map<String, Set<String>> ipsByNamespace = new HashMap<>();
        for (String attendee : List.of(ALICE, BOB)) {
            ipsByNamespace.put(attendee, pods(attendee).stream().map(Pod::ip).collect(Collectors.toSet()));
        }
        for (ProxyConfig proxy : List.of(gateway(), frontend(ALICE), frontend(BOB))) {
            for (String routed : proxy.routedClusters()) {
                Matcher outbound = OUTBOUND.matcher(routed);
                if (!outbound.matches() || !ipsByNamespace.containsKey(outbound.group(1))) {
                    continue;
                }
                assertThat(ipsByNamespace.get(outbound.group(1)))
                    .as("%s routes to %s: pods of %s", proxy.proxy(), routed, outbound.group(1))
                    .containsAll(proxy.endpoints(routed));
            }
        }
    }

}
