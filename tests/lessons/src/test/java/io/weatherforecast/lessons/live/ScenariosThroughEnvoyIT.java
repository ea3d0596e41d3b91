package io.weatherforecast.lessons.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import org.springframework.boot.convert.DurationStyle;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.live.CanaryMeter.Interval;
import io.weatherforecast.lessons.live.PageApi.Hop;
import io.weatherforecast.lessons.live.PageApi.Page;
import io.weatherforecast.lessons.rules.ModuleConfiguration;
import io.weatherforecast.lessons.schema.YamlDocuments;
import io.weatherforecast.lessons.tutorial.ScenarioDocument;
import io.weatherforecast.lessons.tutorial.TutorialStep;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios of docs/scenarios/ proven by requests through real Envoy, on one cluster
 * of {@code scripts/cluster.sh up --data-plane} (the JVMs of the tutorial started once):
 * the tutorial is replayed to its end, then each page runs as written, its checks send
 * requests through the ingress gateway (the page API and its route panel, the canary
 * meter), and after its "Undo" the canary meter must show the tutorial's end again before
 * the next page starts. Every figure goes to {@code target/scenarios-through-envoy.md}.
 * The figures each check expects are read from the scenario's rule files, not written
 * here a second time.
 */
@UpWith("--data-plane")
class ScenariosThroughEnvoyIT extends OnLocalCluster {

    private static final Path ROOT = ProjectFiles.root();

    /** The city of the pages' own curl commands. */
    private static final String CITY = "beijing";

    private static final double INTERVAL_MASS = 0.999;

    /** Requests for a share: as many as the tutorial's canary meter sends per step. */
    private static final int SHARE_REQUESTS = 400;

    /** Requests for a check that every one of them gives the same answer. */
    private static final int EVERY_REQUEST = 100;

    /** Requests in flight at once: as many as a browser opens connections to one host. */
    private static final int CONCURRENCY = 6;

    /**
     * forecast v2's own time limit on its call to recommendation
     * (forecast-v2/src/main/resources/application.yml): a call the mesh holds longer
     * shows as {@code timeout}.
     */
    private static final Duration FORECAST_TIME_LIMIT = Duration.ofSeconds(1);

    /**
     * How much earlier than configured a fault's delay or a route's timeout may end in
     * Envoy: its timer is armed from the event loop's cached time, taken before the
     * callbacks of that loop turn ran, so under load it fires early by the time they
     * took.
     */
    private static final Duration ENVOY_TIMER_SLACK = Duration.ofMillis(10);

    /** The User-Agent of the page's own curl for Chrome. */
    private static final String CHROME = "Mozilla/5.0 Chrome/126.0";

    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    /** The User-Agent of the page's own curl for Android. */
    private static final String ANDROID = "Mozilla/5.0 (Linux; Android 14)";

    /**
     * Only the scenarios named here (comma-separated, e.g.
     * {@code -Dit.scenarios=fault-injection} while writing a check); every one by
     * default.
     */
    private static final List<String> ONLY = Arrays.stream(System.getProperty("it.scenarios", "").split(","))
        .map(String::strip)
        .filter(name -> !name.isEmpty())
        .toList();

    /** recommendation's fault switch, as the pages turn it on and off. */
    private static final String RECOMMENDATION_SLOW = "kubectl set env deployment/recommendation-v1 -n weather WEATHER_FAULTS_DELAY=3s";

    private static final String RECOMMENDATION_FAILING_HALF = "kubectl set env deployment/recommendation-v1 -n weather WEATHER_FAULTS_DELAY- WEATHER_FAULTS_FAILURE_PERCENT=50";

    private static final String RECOMMENDATION_HEALTHY = "kubectl set env deployment/recommendation-v1 -n weather WEATHER_FAULTS_DELAY- WEATHER_FAULTS_FAILURE_PERCENT-";

    private static final String RECOMMENDATION_ROLLED_OUT = "kubectl rollout status deployment/recommendation-v1 -n weather";

    /**
     * forecast v2's own count of the forecast requests it received, as
     * docs/scenarios/mirroring.md reads it.
     */
    private static final String FORECAST_V2_COUNT = "kubectl exec -n weather deploy/forecast-v2 -c istio-proxy -- curl -s localhost:3002/actuator/prometheus | grep weather_forecast_v2_requests_total";

    private static final Pattern COUNTER = Pattern
        .compile("weather_forecast_v2_requests_total\\{shadow=\"(true|false)\"} ([0-9.E]+)");

    /**
     * A call from the frontend's own container (so through its sidecar), as
     * docs/scenarios/sidecar-scope.md sends it: the app's image has no curl, so bash's
     * {@code /dev/tcp} sends the request and prints the status line.
     */
    private static final String FROM_THE_FRONTEND = "kubectl exec -n weather deploy/frontend-v1 -c frontend -- bash -c "
            + "'exec 3<>/dev/tcp/%1$s/%2$d && printf \"GET /actuator/health HTTP/1.1\\r\\nHost: %1$s\\r\\nConnection: close\\r\\n\\r\\n\" >&3 && head -1 <&3'";

    private static final String OUTSIDE_THE_SCOPE = FROM_THE_FRONTEND.formatted("recommendation", 3005);

    private static final String INSIDE_THE_SCOPE = FROM_THE_FRONTEND.formatted("forecast", 3002);

    /**
     * The client pod of docs/security.md, which docs/scenarios/circuit-breaker.md starts
     * and deletes.
     */
    private static final String CLIENT_STARTED = "kubectl apply -f k8s/optional/curl-clients.yaml";

    private static final String CLIENT_READY = "kubectl wait --for=condition=Available deployment/curl -n weather --timeout=2m";

    private static final String CLIENT_DELETED = "kubectl delete -f k8s/optional/curl-clients.yaml";

    /**
     * Calls to recommendation at once from the client pod, whose sidecar applies the
     * rule's limits as every caller's does, as docs/scenarios/circuit-breaker.md sends
     * them: each prints its status and Envoy's {@code x-envoy-overloaded}.
     */
    private static final String AT_ONCE_FROM_THE_CLIENT = "kubectl exec -n weather deploy/curl -c curl -- sh -c 'for i in $(seq 30); do curl -s -o /dev/null -w \"%{http_code} %header{x-envoy-overloaded}\\n\" -X POST http://recommendation:3005/recommendations & done; wait' | sort | uniq -c";

    private static final int AT_ONCE = 30;

    /** The client's sidecar's own count of the calls its limits answered. */
    private static final String OVERFLOW_COUNTED = "kubectl exec -n weather deploy/curl -c istio-proxy -- pilot-agent request GET stats | grep recommendation | grep pending_overflow";

    /**
     * How many more connections than {@code maxConnections} Envoy may open: its limits
     * are not coordinated between worker threads, and it keeps one connection to a chosen
     * host even over the limit, so its documented bound is the limit plus endpoints ×
     * connection pools: one recommendation pod, a pool per worker, two workers per
     * sidecar.
     */
    private static final int ENVOY_CONNECTIONS_OVER_THE_LIMIT = 1 * 2;

    private static final String OK = "HTTP/1.1 200 OK";

    /**
     * A second recommendation pod that fails every call, as
     * docs/scenarios/circuit-breaker.md starts and deletes it.
     */
    private static final List<String> FAILING_POD_STARTED = List.of(
            "kubectl apply -f k8s/optional/recommendation-failing.yaml",
            "kubectl rollout status deployment/recommendation-v1-failing -n weather");

    private static final String FAILING_POD_DELETED = "kubectl delete -f k8s/optional/recommendation-failing.yaml";

    /**
     * Pages one after another while the failing pod is there: fewer than its ejection
     * time lasts.
     */
    private static final int EJECTION_PAGES = 60;

    private static final Path REPORT = ROOT.resolve("tests/lessons/target/scenarios-through-envoy.md");

    private static final List<String> rows = new ArrayList<>();

    private static String gateway;

    private static PageApi pageApi;

    /** A check sent as requests through the gateway after a step of a scenario. */
    private record Check(String name, Executable run) {
    }

    /** The checks after a step of "Apply", by scenario and step number. */
    private static final Map<String, Map<Integer, List<Check>>> CHECKS = Map
        .of("fault-injection", Map.of(1,
                List.of(new Check(
                        "half of the advertisement calls are aborted with 503", ScenariosThroughEnvoyIT::abortedShare)),
                2,
                List.of(new Check(
                        "every call to recommendation waits at least the configured delay",
                        ScenariosThroughEnvoyIT::delayed))),
                "timeouts-and-retries",
                Map.of(1, List
                    .of(new Check(
                            "a slow recommendation is cut with 504 at the route's timeout",
                            ScenariosThroughEnvoyIT::timedOut),
                            new Check(
                                    "recommendation failing half its answers shows try 2 and try 3, and those calls succeed",
                                    ScenariosThroughEnvoyIT::retried),
                            new Check(
                                    "the fault switch is off again as the page turns it off",
                                    () -> faultSwitch("timeouts-and-retries", RECOMMENDATION_HEALTHY)))),
                "circuit-breaker",
                Map.of(1, List.of(new Check(
                        "a second recommendation pod that fails every call is ejected after its consecutive 5xx",
                        ScenariosThroughEnvoyIT::ejected),
                        new Check(
                                "beyond the connections and waiting requests the rule allows, calls are answered 503 at once",
                                ScenariosThroughEnvoyIT::overflow),
                        new Check("the calls beyond the limits carry x-envoy-overloaded",
                                ScenariosThroughEnvoyIT::overloaded),
                        new Check("the fault switch is off again as the page turns it off",
                                () -> faultSwitch("circuit-breaker", RECOMMENDATION_HEALTHY)))),
                "mirroring",
                Map.of(3,
                        List.of(new Check(
                                "every answer comes from forecast v1, and forecast v2 counts one copy of each request",
                                ScenariosThroughEnvoyIT::mirrored))),
                "sidecar-scope",
                Map.of(0,
                        List.of(new Check("the frontend's container reaches recommendation through its sidecar",
                                () -> scope(false))),
                        1,
                        List.of(new Check("a call outside the frontend's Sidecar fails, a call inside it still answers",
                                () -> scope(true)))),
                "load-balancing",
                Map.of(2,
                        List.of(new Check("one user cookie always reaches one forecast pod",
                                ScenariosThroughEnvoyIT::oneUserOnePod))),
                "edge-routing",
                Map.of(1,
                        List.of(new Check("/weather is the page, served from the rewritten path",
                                ScenariosThroughEnvoyIT::rewritten),
                                new Check("/api/forecast answers 301 with the Location of /api/weather",
                                        ScenariosThroughEnvoyIT::redirected))),
                "canary-by-user-agent",
                Map.of(3, List.of(
                        new Check("Chrome's requests are answered by forecast v2 only",
                                () -> everyProbe("canary-by-user-agent", Map.of("User-Agent", CHROME), "v2")),
                        new Check("other browsers' requests by forecast v1 only",
                                () -> everyProbe("canary-by-user-agent", Map.of("User-Agent", FIREFOX), "v1")))),
                "tester-canary",
                Map.of(6, List.of(
                        new Check("the tester's requests are answered by frontend v2 and forecast v2 only",
                                () -> everyPage("tester-canary", Map.of("Cookie", "user=tester"), "v2", "v2")),
                        new Check("everybody else's by frontend v1 and forecast v1 only",
                                () -> everyPage("tester-canary", Map.of(), "v1", "v1")))),
                "frontend-v2",
                Map.of(3,
                        List.of(new Check("Android's requests are answered by frontend v2 only",
                                () -> everyPage("frontend-v2", Map.of("User-Agent", ANDROID), "v2", "v2")),
                                new Check("other browsers' by frontend v1 only",
                                        () -> everyPage("frontend-v2", Map.of("User-Agent", FIREFOX), "v1", "v2"))),
                        4, List.of(new Check("half of the pages are answered by frontend v2, in any browser",
                                ScenariosThroughEnvoyIT::frontendHalves))));

    @BeforeAll
    static void replayTheTutorialOnTheDataPlane() {
        runTheTutorialToItsEnd();
        gateway = DataPlane.gateway(cluster);
        pageApi = new PageApi(gateway, CITY);
        atTheTutorialsEnd("the tutorial's end");
    }

    @AfterAll
    static void writeTheReport() throws IOException {
        if (!rows.isEmpty()) {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT,
                    "# The scenarios through Envoy\n\nRequests through the ingress gateway: the page API "
                            + "`GET /api/weather?city=" + CITY
                            + "` (its route panel) and the canary meter `GET /api/probe?city=" + CITY + "`, "
                            + CONCURRENCY + " in flight.\n\n| scenario | after step | check | measured | expected |\n"
                            + "|---|---|---|---|---|\n" + String.join("\n", rows) + "\n");
        }
    }

    @TestFactory
    Stream<DynamicNode> everyScenarioDoesWhatItsPageSaysToRequestsThroughEnvoy() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (ScenarioDocument scenario : ScenarioDocument.all(ROOT)) {
            if (!ONLY.isEmpty() && !ONLY.contains(scenario.name())) {
                continue;
            }
            Map<Integer, List<Check>> checks = CHECKS.getOrDefault(scenario.name(), Map.of());
            List<DynamicTest> tests = new ArrayList<>();
            for (Check check : checks.getOrDefault(0, List.of())) {
                tests.add(DynamicTest.dynamicTest("before step 1: " + check.name(), () -> {
                    WeatherPods.awaitSettled(cluster);
                    check.run().execute();
                }));
            }
            for (TutorialStep step : scenario.apply()) {
                tests.add(DynamicTest.dynamicTest(step + " runs and prints what the page shows",
                        () -> runAsWritten(step)));
                for (Check check : checks.getOrDefault(step.number(), List.of())) {
                    tests.add(DynamicTest.dynamicTest("after step " + step.number() + ": " + check.name(), () -> {
                        WeatherPods.awaitSettled(cluster);
                        check.run().execute();
                    }));
                }
            }
            for (TutorialStep step : scenario.undo()) {
                tests.add(DynamicTest.dynamicTest(step + " runs and prints what the page shows",
                        () -> runAsWritten(step)));
            }
            tests.add(DynamicTest.dynamicTest(
                    "after its undo every probe is answered by forecast v2, as at the " + "tutorial's end",
                    () -> atTheTutorialsEnd(scenario.name() + ", undone")));
            nodes.add(DynamicContainer.dynamicContainer(scenario.toString(), tests.stream()));
        }
        return nodes.stream();
    }

    private static void atTheTutorialsEnd(String when) {
        WeatherPods.awaitSettled(cluster);
        Map<String, Integer> counts = probes(Map.of());
        row(when, "-", "the canary meter", counts, "v2 exactly " + EVERY_REQUEST);
        assertThat(counts).as(when).isEqualTo(Map.of("v2", EVERY_REQUEST));
    }

    // fault-injection

    private static void abortedShare() {
        JsonNode abort = rule("fault-injection", "advertisement-abort-half.yaml").path("spec")
            .path("http")
            .path(0)
            .path("fault")
            .path("abort");
        int status = abort.path("httpStatus").asInt();
        double share = abort.path("percentage").path("value").asDouble() / 100;
        List<Page> pages = pageApi.pages(SHARE_REQUESTS, CONCURRENCY, Map.of());
        Map<String, Integer> outcomes = count(pages, page -> describe(page.shown("advertisement")));
        Interval interval = CanaryMeter.binomialInterval(SHARE_REQUESTS, share, INTERVAL_MASS);
        int aborted = outcomes.getOrDefault("error " + status, 0);
        row("fault-injection", "1", SHARE_REQUESTS + " pages: the advertisement hop", outcomes,
                "error " + status + " in " + interval + ", the rest ok");
        assertThat(statuses(pages)).isEqualTo(Map.of(200, SHARE_REQUESTS));
        assertThat(interval.contains(aborted))
            .as("%s aborted of %s: %s, the %s binomial interval %s", aborted, SHARE_REQUESTS, outcomes, INTERVAL_MASS,
                    interval)
            .isTrue();
        assertThat(outcomes.getOrDefault("ok", 0)).as("%s", outcomes).isEqualTo(SHARE_REQUESTS - aborted);
    }

    private static void delayed() {
        JsonNode delay = rule("fault-injection", "recommendation-delay.yaml").path("spec")
            .path("http")
            .path(0)
            .path("fault")
            .path("delay");
        Duration fixed = DurationStyle.detectAndParse(delay.path("fixedDelay").asText());
        assertThat(fixed).as("a delay forecast v2 waits for").isLessThan(FORECAST_TIME_LIMIT);
        List<Page> pages = pageApi.pages(EVERY_REQUEST, CONCURRENCY, Map.of());
        List<Hop> hops = pages.stream().map(page -> page.shown("recommendation")).toList();
        row("fault-injection", "2", EVERY_REQUEST + " pages: the recommendation hop",
                millis(hops) + ", " + count(hops, ScenariosThroughEnvoyIT::describe) + "; pages took "
                        + tookMillis(pages),
                "ok, each ≥ " + fixed.minus(ENVOY_TIMER_SLACK).toMillis() + " ms, the median ≥ " + fixed.toMillis()
                        + " ms");
        assertThat(statuses(pages)).isEqualTo(Map.of(200, EVERY_REQUEST));
        assertThat(hops).allSatisfy(hop -> assertThat(hop.ok()).as("%s", hop).isTrue());
        assertTookAtLeast(hops, fixed);
        // of this many hops, most were not cut short
        List<Long> sorted = hops.stream().map(Hop::millis).sorted().toList();
        assertThat(sorted.get(sorted.size() / 2)).as("the median hop of %s", sorted)
            .isGreaterThanOrEqualTo(fixed.toMillis());
        assertThat(pages).allSatisfy(page -> assertThat(page.took().toMillis()).as("the page holding its hop")
            .isGreaterThanOrEqualTo(page.shown("recommendation").millis()));
    }

    // timeouts-and-retries

    private static void timedOut() throws Exception {
        JsonNode route = rule("timeouts-and-retries", "recommendation-timeout-retries.yaml").path("spec")
            .path("http")
            .path(0);
        Duration timeout = DurationStyle.detectAndParse(route.path("timeout").asText());
        assertThat(timeout).as("a timeout before forecast v2's own").isLessThan(FORECAST_TIME_LIMIT);
        faultSwitch("timeouts-and-retries", RECOMMENDATION_SLOW);
        List<Page> pages = pageApi.pages(3, 1, Map.of());
        List<Hop> hops = pages.stream().map(page -> page.shown("recommendation")).toList();
        row("timeouts-and-retries", "1", "recommendation 3 s slow, 3 pages: the recommendation hop",
                hops.stream().map(hop -> describe(hop) + " after " + hop.millis() + " ms").toList(),
                "error 504, each ≥ " + timeout.minus(ENVOY_TIMER_SLACK).toMillis() + " ms");
        assertThat(statuses(pages)).isEqualTo(Map.of(200, 3));
        assertThat(hops).allSatisfy(hop -> assertThat(hop.error(504)).as("%s", hop).isTrue());
        assertTookAtLeast(hops, timeout);
    }

    /** Each hop took the configured time but for Envoy's timer slack. */
    private static void assertTookAtLeast(List<Hop> hops, Duration configured) {
        assertThat(hops).allSatisfy(hop -> assertThat(hop.millis()).as("%s", hop)
            .isGreaterThanOrEqualTo(configured.minus(ENVOY_TIMER_SLACK).toMillis()));
    }

    private static void retried() throws Exception {
        int retries = rule("timeouts-and-retries", "recommendation-timeout-retries.yaml").path("spec")
            .path("http")
            .path(0)
            .path("retries")
            .path("attempts")
            .asInt();
        faultSwitch("timeouts-and-retries", RECOMMENDATION_FAILING_HALF);
        List<Page> pages = pageApi.pages(EVERY_REQUEST, CONCURRENCY, Map.of());
        List<Hop> hops = pages.stream().map(page -> page.shown("recommendation")).toList();
        Map<String, Integer> tries = count(hops, hop -> hop.ok() ? "ok at try " + hop.tryNumber() : describe(hop));
        row("timeouts-and-retries", "1",
                "recommendation failing 50%, " + EVERY_REQUEST + " pages: the recommendation hop", tries,
                "try 2 and try 3 present, ok; at most try " + (retries + 1));
        assertThat(statuses(pages)).isEqualTo(Map.of(200, EVERY_REQUEST));
        assertThat(tries).containsKeys("ok at try 2", "ok at try 3");
        assertThat(hops).allSatisfy(hop -> {
            assertThat(hop.tryNumber()).as("%s", hop).isLessThanOrEqualTo(retries + 1);
            // not ok: every try failed (503), or the route's timeout ran out first (504)
            assertThat(hop.ok() || hop.error(503) || hop.error(504)).as("%s", hop).isTrue();
        });
        assertThat(pages).filteredOn(page -> page.shown("recommendation").tryNumber() > 1)
            .allSatisfy(page -> assertThat(page.body().path("forecast").path("recommendations").asText())
                .as("the advice of a page whose call succeeded at a retry: %s", page.body())
                .isEqualTo("available"));
    }

    // circuit-breaker

    /**
     * A burst of pages while recommendation holds every call 3 s: forecast v2's sidecar
     * lets {@code maxConnections} calls through and keeps {@code http1MaxPendingRequests}
     * waiting, and answers every call beyond that at once with 503. The calls let through
     * end at forecast v2's own time limit ({@code timeout}); forecast v2's own breaker,
     * opened by the failures, may skip the last ones ({@code unavailable}).
     */
    private static void overflow() throws Exception {
        int allowed = allowedInFlight(connectionPool());
        int burst = 10 * allowed;
        faultSwitch("circuit-breaker", RECOMMENDATION_SLOW);
        List<Page> pages = pageApi.pages(burst, burst, Map.of());
        List<Hop> hops = pages.stream().map(page -> page.shown("recommendation")).toList();
        Map<String, Integer> outcomes = count(hops, ScenariosThroughEnvoyIT::describe);
        List<Long> overflowMillis = hops.stream().filter(hop -> hop.error(503)).map(Hop::millis).sorted().toList();
        row("circuit-breaker", "1", "recommendation 3 s slow, " + burst + " pages at once: the recommendation hop",
                outcomes + "; the 503s after " + overflowMillis + " ms",
                "503 at once beyond " + allowed + " in flight");
        assertThat(statuses(pages)).isEqualTo(Map.of(200, burst));
        assertThat(outcomes.getOrDefault("error 503", 0)).as("%s", outcomes).isPositive();
        assertThat(overflowMillis).allSatisfy(millis -> assertThat(millis).isLessThan(FORECAST_TIME_LIMIT.toMillis()));
    }

    /**
     * Many calls to recommendation at once from the client pod, recommendation still
     * slow: the route panel records only a status, so Envoy's own mark on the overflow
     * answers is read here, and its own count of them. How many overflow moves from run
     * to run both ways (the page says why): at least the calls beyond the limits and
     * Envoy's uncoordinated extra connections, at most all but the pending queue.
     */
    private static void overloaded() throws Exception {
        JsonNode pool = connectionPool();
        int allowed = allowedInFlight(pool);
        for (String line : List.of(CLIENT_STARTED, CLIENT_READY)) {
            LocalCluster.Result started = pageCommand("circuit-breaker", line);
            assertThat(started.exitStatus()).as("%s: %s", line, started.errors()).isZero();
        }
        WeatherPods.awaitSettled(cluster);
        LocalCluster.Result result = pageCommand("circuit-breaker", AT_ONCE_FROM_THE_CLIENT);
        LocalCluster.Result counted = pageCommand("circuit-breaker", OVERFLOW_COUNTED);
        LocalCluster.Result deleted = pageCommand("circuit-breaker", CLIENT_DELETED);
        Map<String, Integer> answers = new TreeMap<>();
        result.output().lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(line -> {
            String[] countAndAnswer = line.split("\\s+", 2);
            answers.put(countAndAnswer[1], Integer.parseInt(countAndAnswer[0]));
        });
        int overloaded = answers.getOrDefault("503 true", 0);
        int pending = pool.path("http").path("http1MaxPendingRequests").asInt();
        row("circuit-breaker", "1", "recommendation 3 s slow, " + AT_ONCE
                + " calls at once from the client pod: status and x-envoy-overloaded; Envoy's overflow counters",
                answers + "; " + counted.output().strip().replace('\n', ' '),
                "503 true at least " + (AT_ONCE - allowed - ENVOY_CONNECTIONS_OVER_THE_LIMIT) + ", at most "
                        + (AT_ONCE - pending) + ", as many as Envoy counted; the rest not 503");
        assertThat(result.exitStatus()).as(result.errors()).isZero();
        assertThat(counted.exitStatus()).as(counted.errors()).isZero();
        assertThat(deleted.exitStatus()).as(deleted.errors()).isZero();
        assertThat(overloaded).as("%s", result.output())
            .isBetween(AT_ONCE - allowed - ENVOY_CONNECTIONS_OVER_THE_LIMIT, AT_ONCE - pending);
        assertThat(pendingOverflows(counted.output())).as("%s", counted.output()).isEqualTo(overloaded);
        assertThat(answers.keySet()).filteredOn(answer -> answer.startsWith("503")).containsExactly("503 true");
    }

    /**
     * The sum of Envoy's {@code upstream_rq_pending_overflow} over recommendation's
     * clusters, from lines such as
     * {@code cluster.outbound|3005|v1|recommendation.weather.svc.cluster.local;.upstream_rq_pending_overflow: 15}.
     */
    private static int pendingOverflows(String stats) {
        List<String> lines = stats.lines()
            .map(String::strip)
            .filter(line -> line.contains("|recommendation.") && line.contains(".upstream_rq_pending_overflow: "))
            .toList();
        assertThat(lines).as("%s", stats).isNotEmpty();
        return lines.stream().mapToInt(line -> Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * Pages one after another while a second recommendation pod fails every call: it gets
     * calls until it has answered {@code consecutive5xxErrors} 503s, then none.
     */
    private static void ejected() throws Exception {
        int consecutive = rule("circuit-breaker", "recommendation-circuit-breaker.yaml").path("spec")
            .path("trafficPolicy")
            .path("outlierDetection")
            .path("consecutive5xxErrors")
            .asInt();
        forecastV2BreakerClosedWithAFullWindowOfSuccesses();
        for (String line : FAILING_POD_STARTED) {
            LocalCluster.Result result = pageCommand("circuit-breaker", line);
            assertThat(result.exitStatus()).as("%s: %s", line, result.errors()).isZero();
        }
        WeatherPods.awaitSettled(cluster);
        List<Page> pages = pageApi.pages(EJECTION_PAGES, 1, Map.of());
        List<Hop> hops = pages.stream().map(page -> page.shown("recommendation")).toList();
        LocalCluster.Result deleted = pageCommand("circuit-breaker", FAILING_POD_DELETED);
        List<Integer> touched = new ArrayList<>();
        for (int i = 0; i < hops.size(); i++) {
            if (!(hops.get(i).ok() && hops.get(i).tryNumber() == 1)) {
                touched.add(i + 1);
            }
        }
        Map<String, Integer> outcomes = count(hops,
                hop -> hop.ok() ? "ok at try " + hop.tryNumber() + " from " + hop.instance() : describe(hop));
        row("circuit-breaker", "1",
                "a second recommendation pod failing every call, " + EJECTION_PAGES
                        + " pages one after another: the recommendation hop",
                outcomes + "; not ok at try 1: pages " + touched,
                "the failing pod reached " + consecutive + " times, then never");
        assertThat(deleted.exitStatus()).as(deleted.errors()).isZero();
        assertThat(statuses(pages)).isEqualTo(Map.of(200, EJECTION_PAGES));
        assertThat(touched).as("%s", outcomes).hasSize(consecutive);
        assertThat(hops.subList(touched.getLast(), hops.size()))
            .allSatisfy(hop -> assertThat(hop.ok() && hop.tryNumber() == 1).as("%s", hop).isTrue());
    }

    /**
     * Failures before this check (the overflow burst, if it runs first) may leave
     * forecast v2's own breaker open or half-open: half-open, two failures of the failing
     * pod would open it again and hide the pages after them. Pages one after another
     * until as many in a row as its sliding window holds found recommendation: the
     * breaker is closed and its window holds no failure, so the failing pod's 503s are
     * the only failures it counts.
     */
    private static void forecastV2BreakerClosedWithAFullWindowOfSuccesses() {
        int window = ModuleConfiguration.of(ROOT, "forecast-v2")
            .tree()
            .path("resilience4j")
            .path("circuitbreaker")
            .path("instances")
            .path("recommendation")
            .path("sliding-window-size")
            .asInt();
        assertThat(window).as("forecast v2's breaker window").isPositive();
        int[] inARow = { 0 };
        Awaitility.await("%d pages in a row with recommendation answering".formatted(window))
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(1))
            .until(() -> {
                boolean answered = pageApi.pages(1, 1, Map.of()).getFirst().shown("recommendation").ok();
                inARow[0] = answered ? inARow[0] + 1 : 0;
                return inARow[0] >= window;
            });
    }

    /**
     * Calls the rule's connection pool lets in: connected, and waiting for a connection.
     */
    private static int allowedInFlight(JsonNode pool) {
        return pool.path("tcp").path("maxConnections").asInt()
                + pool.path("http").path("http1MaxPendingRequests").asInt();
    }

    private static JsonNode connectionPool() {
        return rule("circuit-breaker", "recommendation-circuit-breaker.yaml").path("spec")
            .path("trafficPolicy")
            .path("connectionPool");
    }

    // mirroring

    private static void mirrored() throws Exception {
        Map<String, Double> before = forecastV2Count();
        Map<String, Integer> counts = probes(Map.of());
        Map<String, Double> after = Awaitility.await("forecast v2 counted the copies")
            .atMost(Duration.ofSeconds(10))
            .until(ScenariosThroughEnvoyIT::forecastV2Count,
                    count -> count.get("false") - before.get("false") >= EVERY_REQUEST);
        double copies = after.get("false") - before.get("false");
        row("mirroring", "3", "the canary meter; forecast v2's weather_forecast_v2_requests_total before and after",
                counts + "; forecast v2 " + before + " → " + after + ": " + copies + " copies",
                "v1 exactly " + EVERY_REQUEST + "; forecast v2 counts " + EVERY_REQUEST);
        assertThat(counts).isEqualTo(Map.of("v1", EVERY_REQUEST));
        assertThat(copies).isEqualTo(EVERY_REQUEST);
        assertThat(after.get("true")).isEqualTo(before.get("true"));
    }

    private static Map<String, Double> forecastV2Count() throws IOException {
        LocalCluster.Result result = pageCommand("mirroring", FORECAST_V2_COUNT);
        assertThat(result.exitStatus()).as(result.errors()).isZero();
        Map<String, Double> count = new TreeMap<>();
        COUNTER.matcher(result.output())
            .results()
            .forEach(match -> count.put(match.group(1), Double.valueOf(match.group(2))));
        assertThat(count).as(result.output()).containsOnlyKeys("true", "false");
        return count;
    }

    // sidecar-scope

    /**
     * From the frontend's own container (so through its sidecar): recommendation, which
     * the frontend never calls, and forecast, which it does.
     */
    private static void scope(boolean applied) throws IOException {
        LocalCluster.Result outside = pageCommand("sidecar-scope", OUTSIDE_THE_SCOPE);
        LocalCluster.Result inside = pageCommand("sidecar-scope", INSIDE_THE_SCOPE);
        row("sidecar-scope", applied ? "1" : "before 1", "from the frontend's container: recommendation; forecast",
                shown(outside) + "; " + shown(inside),
                applied ? "recommendation: no answer; forecast " + OK : "both " + OK);
        assertThat(inside.output().strip()).as(shown(inside)).isEqualTo(OK);
        if (applied) {
            assertThat(outside.output().strip()).as(shown(outside)).isEmpty();
        }
        else {
            assertThat(outside.output().strip()).as(shown(outside)).isEqualTo(OK);
        }
    }

    private static String shown(LocalCluster.Result result) {
        return (result.output().strip() + " " + result.errors().strip().replace('\n', ' ')).strip();
    }

    // load-balancing

    private static void oneUserOnePod() {
        Map<String, Integer> alice = count(pageApi.pages(EVERY_REQUEST, CONCURRENCY, Map.of("Cookie", "user=alice")),
                page -> page.shown("forecast").instance());
        Map<String, Integer> bob = count(pageApi.pages(EVERY_REQUEST, CONCURRENCY, Map.of("Cookie", "user=bob")),
                page -> page.shown("forecast").instance());
        Map<String, Integer> nobody = count(pageApi.pages(EVERY_REQUEST, CONCURRENCY, Map.of()),
                page -> page.shown("forecast").instance());
        row("load-balancing", "2", EVERY_REQUEST + " pages each: the forecast pod that answered",
                "user=alice " + alice + "; user=bob " + bob + "; no cookie " + nobody,
                "one pod per user; without the cookie more than one");
        assertThat(alice).hasSize(1);
        assertThat(bob).hasSize(1);
        assertThat(nobody).as("the pods a request without the cookie reaches").hasSizeGreaterThan(1);
    }

    // edge-routing

    private static void rewritten() {
        HttpResponse<String> page = pageApi.get("/weather", Map.of());
        HttpResponse<String> root = pageApi.get("/", Map.of());
        row("edge-routing", "1", "GET /weather", page.statusCode() + " " + contentType(page) + ", "
                + page.body().length() + " characters, the same as GET /: " + page.body().equals(root.body()),
                "200, the page of /");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(contentType(page)).startsWith("text/html");
        assertThat(page.body()).isEqualTo(root.body());
    }

    private static void redirected() {
        HttpResponse<String> redirect = pageApi.get("/api/forecast?city=" + CITY, Map.of());
        String location = redirect.headers().firstValue("location").orElse("");
        URI target = URI.create(location);
        HttpResponse<String> followed = pageApi.get(target.getRawPath() + "?" + target.getRawQuery(), Map.of());
        row("edge-routing", "1", "GET /api/forecast?city=" + CITY,
                redirect.statusCode() + ", location: " + location + ", server: "
                        + redirect.headers().firstValue("server").orElse("") + "; followed: " + followed.statusCode(),
                "301 to /api/weather?city=" + CITY + " from the gateway");
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(target.getRawPath() + "?" + target.getRawQuery()).isEqualTo("/api/weather?city=" + CITY);
        assertThat(redirect.headers().firstValue("server")).contains("istio-envoy");
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(followed.body()).contains("\"forecast\"");
    }

    // the canaries

    private static void everyProbe(String scenario, Map<String, String> headers, String version) {
        Map<String, Integer> counts = probes(headers);
        row(scenario, "-", "the canary meter " + headersOf(headers), counts, version + " exactly " + EVERY_REQUEST);
        assertThat(counts).isEqualTo(Map.of(version, EVERY_REQUEST));
    }

    private static void everyPage(String scenario, Map<String, String> headers, String frontend, String forecast) {
        List<Page> pages = pageApi.pages(EVERY_REQUEST, CONCURRENCY, headers);
        Map<String, Integer> versions = count(pages, page -> "frontend " + page.shown("frontend").version()
                + " → forecast " + page.shown("forecast").version());
        String expected = "frontend " + frontend + " → forecast " + forecast;
        row(scenario, "-", EVERY_REQUEST + " pages " + headersOf(headers) + ": the route", versions,
                expected + " exactly " + EVERY_REQUEST);
        assertThat(versions).isEqualTo(Map.of(expected, EVERY_REQUEST));
    }

    private static void frontendHalves() {
        JsonNode routes = rule("frontend-v2", "frontend-50-50.yaml").path("spec").path("http").path(0).path("route");
        List<Page> pages = pageApi.pages(SHARE_REQUESTS, CONCURRENCY, Map.of("User-Agent", FIREFOX));
        Map<String, Integer> versions = count(pages, page -> page.shown("frontend").version());
        Map<String, Interval> intervals = new TreeMap<>();
        routes.forEach(route -> intervals.put(route.path("destination").path("subset").asText(),
                CanaryMeter.binomialInterval(SHARE_REQUESTS, route.path("weight").asInt() / 100.0, INTERVAL_MASS)));
        row("frontend-v2", "4", SHARE_REQUESTS + " pages: the frontend version", versions,
                intervals.entrySet()
                    .stream()
                    .map(entry -> entry.getKey() + " in " + entry.getValue())
                    .collect(Collectors.joining(", ")));
        assertThat(versions.keySet()).isEqualTo(intervals.keySet());
        intervals.forEach((version, interval) -> assertThat(interval.contains(versions.get(version)))
            .as("pages from frontend %s: %s, the binomial interval %s", version, versions, interval)
            .isTrue());
    }

    // helpers

    /**
     * Runs a command the page gives (it must be there as written), then waits as the page
     * says for the pod it restarts.
     */
    private static void faultSwitch(String scenario, String command) throws IOException {
        for (String line : List.of(command, RECOMMENDATION_ROLLED_OUT)) {
            LocalCluster.Result result = pageCommand(scenario, line);
            assertThat(result.exitStatus()).as("%s: %s", line, result.errors()).isZero();
        }
        WeatherPods.awaitSettled(cluster);
    }

    /**
     * Runs a command the page gives (it must be there as written), kubectl exec into the
     * pods.
     */
    private static LocalCluster.Result pageCommand(String scenario, String command) throws IOException {
        String page = Files.readString(ROOT.resolve(ProjectFiles.SCENARIO_PAGES).resolve(scenario + ".md"));
        assertThat(page).as("docs/scenarios/%s.md gives the command", scenario).contains(command);
        return PodExec.shell(cluster, command);
    }

    private static Map<String, Integer> probes(Map<String, String> headers) {
        return new CanaryMeter(gateway, CITY, headers).send(EVERY_REQUEST);
    }

    private static JsonNode rule(String scenario, String file) {
        try {
            return YamlDocuments
                .parse(Files.readString(ROOT.resolve(ProjectFiles.SCENARIO_RULES).resolve(scenario).resolve(file)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static <T> Map<String, Integer> count(List<T> items, Function<T, String> key) {
        Map<String, Integer> counts = new TreeMap<>();
        items.forEach(item -> counts.merge(key.apply(item), 1, Integer::sum));
        return counts;
    }

    private static Map<Integer, Integer> statuses(List<Page> pages) {
        return pages.stream().collect(Collectors.toMap(Page::status, page -> 1, Integer::sum, TreeMap::new));
    }

    private static String describe(Hop hop) {
        return hop.ok() ? "ok" : hop.httpStatus() != null ? hop.status() + " " + hop.httpStatus() : hop.status();
    }

    private static String millis(List<Hop> hops) {
        long[] millis = hops.stream().mapToLong(hop -> hop.millis() == null ? -1 : hop.millis()).sorted().toArray();
        return "min " + millis[0] + " ms, median " + millis[millis.length / 2] + " ms, max " + millis[millis.length - 1]
                + " ms";
    }

    private static String tookMillis(List<Page> pages) {
        long[] millis = pages.stream().mapToLong(page -> page.took().toMillis()).sorted().toArray();
        return "min " + millis[0] + " ms, median " + millis[millis.length / 2] + " ms";
    }

    private static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("content-type").orElse("");
    }

    private static String headersOf(Map<String, String> headers) {
        return headers.isEmpty() ? "without headers"
                : "with " + headers.entrySet()
                    .stream()
                    .map(header -> header.getKey() + ": " + header.getValue())
                    .collect(Collectors.joining(", "));
    }

    private static void row(String scenario, String step, String check, Object measured, String expected) {
        String line = "| " + scenario + " | " + step + " | " + check + " | " + measured + " | " + expected + " |";
        rows.add(line);
        System.out.println("[scenarios through Envoy] " + line);
    }

}
