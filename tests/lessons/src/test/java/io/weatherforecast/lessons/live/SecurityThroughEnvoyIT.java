package io.weatherforecast.lessons.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.LessonStep;
import io.weatherforecast.lessons.tutorial.PageBlock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/security.md replayed as written on the cluster of {@code scripts/cluster.sh up
 * --data-plane}: the tutorial, the page's client pods, then every step, and after each
 * step every request the page sends, with {@code kubectl exec} run inside the pod
 * ({@link PodExec}). Each request must print what the page shows: the status code of its
 * comment, or the output of the block after it (the reset of a plain-text call under
 * STRICT, the callee's {@code RBAC: access denied}). After every step the page answers
 * 200 through the gateway ({@value #PAGE_LOADS} loads; over HTTPS once the gateway
 * redirects), HTTP's redirect names an https {@code Location}, and with the egress
 * Sidecar applied an edit of advertisement's ConfigMap reaches the page. The one request
 * not sent is the page's call of {@value #NOT_SENT}: nothing here may reach the internet.
 * The figures go to {@code target/security-through-envoy.md}.
 */
@UpWith("--data-plane")
class SecurityThroughEnvoyIT extends OnLocalCluster {

    private static final Path ROOT = ProjectFiles.root();

    private static final List<LessonStep> LESSON = LessonDocument.lessonSteps(ROOT.resolve(ProjectFiles.SECURITY));

    private static final List<PageBlock> BLOCKS = LessonDocument.pageBlocks(ROOT.resolve(ProjectFiles.SECURITY));

    /** The external host of the egress step's ServiceEntry. */
    private static final String NOT_SENT = "api.open-meteo.com";

    static final int PAGE_LOADS = 20;

    private static final String PAGE = "/api/weather?city=beijing&days=3";

    private static final String STATUS_ONLY = "-o /dev/null -w '%{http_code}'";

    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(60);

    /**
     * How long a request is sent again when it does not print what the page shows yet:
     * the sidecars' drain time (pilot-agent's --drain-time-s 45) and a margin. A
     * connection opened before a step may carry one more request on the listener's old
     * filter chain while Envoy drains it; docs/security.md says so at step 3.
     */
    private static final Duration DRAIN = Duration.ofSeconds(50);

    private static final Path REPORT = ROOT.resolve("tests/lessons/target/security-through-envoy.md");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> rows = new ArrayList<>();

    @BeforeAll
    static void replayTheTutorialOnTheDataPlane() {
        runTheTutorialToItsEnd();
        // the tutorial's own wait (its step 3), for the pods its later steps started, and
        // its last step's state:
        // forecast v1's pod gone
        LocalCluster.Result ready = cluster
            .shell("kubectl wait --for=condition=Available deployment --all -n weather --timeout=5m"
                    + " && kubectl wait --for=delete pod -l app=forecast,version=v1 -n weather --timeout=2m");
        assertThat(ready.exitStatus()).as("the tutorial's end: %s", ready.errors()).isZero();
        DataPlane.awaitProxiesSynced(cluster);
    }

    @AfterAll
    static void writeTheReport() throws IOException {
        if (!rows.isEmpty()) {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, "# docs/security.md through Envoy\n\n"
                    + "Every request of the page after its step, sent as the page writes it (kubectl exec inside the"
                    + " pod's network namespace as the container's user); the page through the gateway " + PAGE_LOADS
                    + " times after each step.\n\n"
                    + "| step | request | the page shows | printed | verdict |\n|---|---|---|---|---|\n"
                    + String.join("\n", rows) + "\n");
        }
    }

    @TestFactory
    Stream<DynamicNode> everyRequestOfTheSecurityPageAnswersThroughEnvoyAsThePageShows() {
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(DynamicContainer.dynamicContainer("before the steps: the client pods", checksOf(0).stream()));
        boolean https = false;
        for (LessonStep step : LESSON) {
            https |= step.line().contains("weather-gateway-https.yaml");
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("runs and prints what the lesson shows", () -> runStep(step)));
            tests.addAll(checksOf(step.number()));
            boolean overHttps = https;
            tests.add(DynamicTest.dynamicTest("the page answers " + PAGE_LOADS + " loads through the gateway with 200"
                    + (overHttps ? " over HTTPS" : ""), () -> pageAnswers(step, overHttps)));
            if (step.line().contains("weather-gateway-https.yaml")) {
                tests.add(DynamicTest.dynamicTest("plain HTTP is redirected to an https Location",
                        () -> httpRedirectsToHttps(step)));
            }
            if (step.line().contains("egress.yaml")) {
                tests.add(DynamicTest.dynamicTest(
                        "an edit of advertisement's ConfigMap reaches the page with the Sidecar applied",
                        () -> configMapEditReachesThePage(step)));
            }
            nodes.add(DynamicContainer.dynamicContainer(step.toString(), tests.stream()));
        }
        return nodes.stream();
    }

    private static void runStep(LessonStep step) {
        LocalCluster.Result result = cluster.shell(step.line());
        assertThat(result.exitStatus()).as("%s failed: %s", step, result.errors()).isZero();
        step.shownOutput()
            .ifPresent(
                    shown -> assertThat(ShownOutput.difference(step.line(), shown, result.output())).as(step.toString())
                        .isNull());
        DataPlane.awaitProxiesSynced(cluster);
    }

    /**
     * The requests of the page's blocks under step {@code step}, each with the page's
     * variables set before it ({@code NAME=...} lines of the page before it, in order).
     */
    private static List<DynamicTest> checksOf(int step) {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> variables = new ArrayList<>();
        for (PageBlock block : BLOCKS) {
            List<PageBlock.Line> commands = new ArrayList<>();
            for (PageBlock.Line line : block.lines()) {
                if (line.assignment()) {
                    variables.add(line.command());
                }
                else if (block.step() == step) {
                    commands.add(line);
                }
            }
            if (block.step() != step || commands.isEmpty()) {
                continue;
            }
            String prefix = variables.isEmpty() ? "" : String.join("\n", variables) + "\n";
            if (block.shown().isPresent()) {
                String lines = String.join("\n", commands.stream().map(PageBlock.Line::command).toList());
                tests.add(DynamicTest.dynamicTest("prints what the page shows: " + lines,
                        () -> printsTheShownOutput(step, prefix, lines, block.shown().get())));
                continue;
            }
            for (PageBlock.Line line : commands) {
                tests.add(DynamicTest.dynamicTest(line.command() + line.comment().map(c -> "   # " + c).orElse(""),
                        () -> printsWhatItsCommentSays(step, prefix, line)));
            }
        }
        return tests;
    }

    private static void printsTheShownOutput(int step, String variables, String lines, String shown) {
        LocalCluster.Result result = PodExec.shell(cluster, variables + lines);
        String printed = result.output() + result.errors();
        String difference = ShownOutput.difference(lines, shown, printed);
        row(step, lines, shown, printed, difference == null);
        assertThat(difference).as("step %d: %s", step, lines).isNull();
    }

    /**
     * The comment says what the command prints: its first line, up to the first ", "
     * (what follows explains it); ending in "..." only its beginning.
     */
    private static void printsWhatItsCommentSays(int step, String variables, PageBlock.Line line) {
        if (line.command().contains(NOT_SENT)) {
            row(step, line.command(), line.comment().orElse(""), "", "not sent: an internet host");
            Assumptions.abort(NOT_SENT + " is on the internet, which nothing here may reach");
        }
        if (!line.command().startsWith("curl ") && !line.command().startsWith("kubectl exec ")) {
            row(step, line.command(), line.comment().orElse(""), "", "not run: not a request");
            Assumptions.abort("not a request: istioctl asks the pod's proxy through the Kubernetes API (exec,"
                    + " port-forward), which KWOK's nodes do not serve");
        }
        String expected = line.comment()
            .orElseThrow(() -> new AssertionError("the page shows nothing for " + line.command()))
            .split(", ", 2)[0];
        boolean beginning = expected.endsWith("...");
        String wanted = beginning ? expected.substring(0, expected.length() - 3) : expected;
        long started = System.nanoTime();
        LocalCluster.Result result;
        String first;
        String before = null;
        while (true) {
            result = PodExec.shell(cluster, variables + line.command());
            first = result.output().strip().lines().findFirst().orElse("").strip();
            boolean same = result.succeeded() && (beginning ? first.startsWith(wanted) : first.equals(wanted));
            if (same || System.nanoTime() - started > DRAIN.toNanos()) {
                break;
            }
            before = (before == null) ? first : before;
            ClusterReplay.pause();
        }
        String printed = result.succeeded() ? first : first + result.errors();
        if (before != null) {
            printed += String.format(" (after %.1f s; at first %s)", (System.nanoTime() - started) / 1e9, before);
        }
        row(step, line.command(), line.comment().get(), printed,
                result.succeeded() && (beginning ? first.startsWith(wanted) : first.equals(wanted)));
        assertThat(result.exitStatus()).as("step %d: %s: %s", step, line.command(), result.errors()).isZero();
        if (beginning) {
            assertThat(first).as("step %d: %s", step, line.command()).startsWith(wanted);
        }
        else {
            assertThat(first).as("step %d: %s", step, line.command()).isEqualTo(wanted);
        }
    }

    private static void pageAnswers(LessonStep step, boolean https) {
        String request = https ? httpsCurl(STATUS_ONLY, PAGE)
                : "curl -sS " + STATUS_ONLY + " \"http://$GATEWAY" + PAGE + "\"";
        LocalCluster.Result result = cluster
            .shell("for i in $(seq " + PAGE_LOADS + "); do " + request + "; echo; done | sort | uniq -c");
        String counts = result.output().strip().replaceAll("\\s+", " ");
        row(step.number(), "the page " + PAGE + (https ? " over HTTPS" : "") + ", " + PAGE_LOADS + " times",
                PAGE_LOADS + " × 200", counts, counts.equals(PAGE_LOADS + " 200"));
        assertThat(counts).as("%s: the page's answers, counted", step).isEqualTo(PAGE_LOADS + " 200");
    }

    private static void httpRedirectsToHttps(LessonStep step) {
        LocalCluster.Result result = cluster
            .shell("curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' \"http://$GATEWAY" + PAGE + "\"");
        String answer = result.output().strip();
        boolean redirected = answer.startsWith("301 https://") && answer.endsWith(PAGE);
        row(step.number(), "GET http://$GATEWAY" + PAGE, "301, an https Location", answer, redirected);
        assertThat(answer).as("%s: status and Location", step).startsWith("301 https://").endsWith(PAGE);
    }

    /**
     * advertisement watches its ConfigMap through the API server (kubernetes.default),
     * which the egress Sidecar must leave reachable: one ad for every city, and the page
     * shows it; then the catalogue as it was.
     */
    private static void configMapEditReachesThePage(LessonStep step) throws IOException {
        String original = cluster
            .shell("kubectl get configmap advertisement -n weather -o jsonpath='{.data.application\\.yaml}'")
            .output();
        assertThat(original).as("advertisement's ConfigMap").contains("advertisement:");
        String catalogue = """
                advertisement:
                  ads:
                    - id: egress-check
                      title: { en: "Live reload through the egress Sidecar", zh: "出口规则下的实时更新" }
                      text: { en: "The ConfigMap watch reaches the API server.", zh: "配置监听可以访问 API 服务器。" }
                      link: https://example.com/egress-check
                """;
        long started = System.nanoTime();
        patchConfigMap(catalogue);
        try {
            String ad = "";
            while (System.nanoTime() - started < RELOAD_TIMEOUT.toNanos() && !ad.equals("egress-check")) {
                ClusterReplay.pause();
                ad = pageAd();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            row(step.number(), "kubectl patch configmap advertisement (one ad, egress-check), then the page",
                    "the new ad", "ad " + ad + String.format(" after %.1f s", seconds), ad.equals("egress-check"));
            assertThat(ad).as("the page's ad within %s of the edit", RELOAD_TIMEOUT).isEqualTo("egress-check");
        }
        finally {
            patchConfigMap(original);
        }
    }

    private static void patchConfigMap(String catalogue) throws IOException {
        Path patch = Files.createTempFile("advertisement-patch", ".json");
        try {
            Files.writeString(patch, JSON.writeValueAsString(Map.of("data", Map.of("application.yaml", catalogue))));
            LocalCluster.Result result = cluster
                .shell("kubectl patch configmap advertisement -n weather --type merge --patch-file " + patch);
            assertThat(result.exitStatus()).as("kubectl patch: %s", result.errors()).isZero();
        }
        finally {
            Files.deleteIfExists(patch);
        }
    }

    private static String pageAd() {
        LocalCluster.Result result = cluster.shell(httpsCurl("", PAGE));
        try {
            JsonNode page = JSON.readTree(result.output());
            return Optional.ofNullable(page.path("ad").path("id").textValue()).orElse("");
        }
        catch (IOException ex) {
            return "";
        }
    }

    /**
     * A request as the page's step 5 sends it: to weather.local at the gateway's HTTPS
     * port, trusting the workshop's CA.
     */
    private static String httpsCurl(String options, String path) {
        return "curl -sS " + options + " --cacert target/security/tls/ca.crt --resolve"
                + " \"weather.local:$HTTPS_PORT:$HTTPS_ADDRESS\" \"https://weather.local:$HTTPS_PORT" + path + "\"";
    }

    private static void row(int step, String request, String shown, String printed, boolean same) {
        row(step, request, shown, printed, same ? "as shown" : "**differs**");
    }

    private static void row(int step, String request, String shown, String printed, String verdict) {
        rows.add("| " + step + " | `" + request.replace("|", "\\|").replace("\n", "; ") + "` | " + cell(shown) + " | "
                + cell(printed) + " | " + verdict + " |");
    }

    private static String cell(String text) {
        return text.strip().replace("|", "\\|").replace("\n", "<br>");
    }

}
