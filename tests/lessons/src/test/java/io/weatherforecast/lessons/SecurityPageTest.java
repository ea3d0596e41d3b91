package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.LessonStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What docs/security.md tells an attendee to type outside its replayed steps, and the
 * files it names: every HTTPS request reaches a name the gateway's certificate holds, at
 * the port the platform's way in listens on; and the lesson's files give the step that
 * applies them the number the page gives it.
 */
class SecurityPageTest {

    private static final Path ROOT = ProjectFiles.root();

    private static final Path CERTIFICATE_SCRIPT = Path.of("scripts", "security", "gateway-cert.sh");

    private static final Pattern HTTPS_URL = Pattern.compile("https://([\\w.-]+)(?::([\\w$]+))?/");

    private static final Pattern RESOLVE = Pattern.compile("--resolve \"?([\\w.-]+):([\\w$]+):");

    /** A row of the page's table of steps: "| 3 | `file`, `file` | what changes |". */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| (\\d+) \\| ([^|]+) \\|", Pattern.MULTILINE);

    private static final Pattern NAMED_FILE = Pattern.compile("`(?:[\\w./-]*/)?([\\w.-]+\\.(?:yaml|sh))`");

    private static final Pattern STEP_IN_COMMENT = Pattern.compile("(?i)\\bstep (\\d+)");

    /** From the attendee's machine through the gateway: not those sent inside a pod. */
    @Test
    void everyHttpsRequestToTheGatewayTrustsTheWorkshopCaAndReachesANameOfTheCertificateOnTheSamePort() {
        List<String> requests = page().lines()
            .filter(line -> line.contains("curl ") && !line.contains("kubectl exec") && HTTPS_URL.matcher(line).find())
            .toList();
        Set<String> names = certificateNames();

        assertThat(requests).hasSizeGreaterThanOrEqualTo(6);
        assertThat(requests).allSatisfy(line -> {
            Matcher url = HTTPS_URL.matcher(line);
            Matcher resolve = RESOLVE.matcher(line);
            assertThat(url.find() && resolve.find()).as("a URL and a --resolve in: %s", line).isTrue();
            assertThat(line).contains("--cacert target/security/tls/ca.crt");
            assertThat(url.group(1)).as("the host of %s", line).isIn(names).isEqualTo(resolve.group(1));
            assertThat(url.group(2) == null ? "443" : url.group(2)).as("the port of %s", line)
                .isEqualTo(resolve.group(2));
        });
    }

    /**
     * Istio's capture skips the traffic of the sidecar's own user (UID 1337): a request
     * sent from the istio-proxy container bypasses the sidecar, so it would show neither
     * mTLS, nor the policies, nor egress.
     */
    @Test
    void everyRequestSentInsideAPodLeavesFromAContainerWhoseTrafficTheSidecarCaptures() {
        List<String> execs = page().lines().filter(line -> line.startsWith("kubectl exec")).toList();

        assertThat(execs).hasSizeGreaterThanOrEqualTo(5)
            .allSatisfy(line -> assertThat(line).as("the container it runs in")
                .contains(" -c ")
                .doesNotContain("-c istio-proxy"));
    }

    @Test
    void theHttpsPortOfAPortForwardIsTheOneTheRequestsUse() {
        Matcher forward = Pattern.compile("svc/istio-ingressgateway (\\d+):443").matcher(page());
        List<String> ports = new ArrayList<>();
        while (forward.find()) {
            ports.add(forward.group(1));
        }
        assertThat(ports).isNotEmpty().allSatisfy(port -> assertThat(page()).contains("HTTPS_PORT=" + port));
    }

    @Test
    void everyFileOfTheLessonNamesTheStepThePageAppliesItIn() {
        Map<String, Integer> stepOfFile = stepsOfTheTable();
        List<Path> files = new ArrayList<>(ProjectFiles.securityManifests());
        try (Stream<Path> scripts = Files.list(ROOT.resolve(CERTIFICATE_SCRIPT.getParent()))) {
            scripts.map(ROOT::relativize).sorted().forEach(files::add);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }

        assertThat(files).allSatisfy(file -> {
            String name = file.getFileName().toString();
            assertThat(stepOfFile).as("the page's table of steps names %s", file).containsKey(name);
            Matcher step = STEP_IN_COMMENT.matcher(read(file));
            assertThat(step.find()).as("%s says which step of docs/security.md it is", file).isTrue();
            assertThat(Integer.parseInt(step.group(1))).as("the step %s says it is", file)
                .isEqualTo(stepOfFile.get(name));
        });
    }

    @Test
    void everyStepOfThePageAppliesAFileItsRowInTheTableNames() {
        Map<String, Integer> stepOfFile = stepsOfTheTable();
        List<LessonStep> steps = LessonDocument.lessonSteps(ROOT.resolve(ProjectFiles.SECURITY));

        assertThat(steps).isNotEmpty()
            .allSatisfy(
                    step -> assertThat(stepOfFile.entrySet()).as("a file of row %d named by %s", step.number(), step)
                        .anyMatch(file -> file.getValue() == step.number() && step.line().contains(file.getKey())));
        assertThat(new TreeSet<>(stepOfFile.values()))
            .containsExactlyElementsOf(steps.stream().map(LessonStep::number).toList());
    }

    /** File name to the step of the page's table that names it. */
    private static Map<String, Integer> stepsOfTheTable() {
        Map<String, Integer> steps = new LinkedHashMap<>();
        Matcher row = TABLE_ROW.matcher(page());
        while (row.find()) {
            Matcher file = NAMED_FILE.matcher(row.group(2));
            while (file.find()) {
                Integer before = steps.put(file.group(1), Integer.parseInt(row.group(1)));
                assertThat(before).as("%s in one row of the table only", file.group(1)).isNull();
            }
        }
        return steps;
    }

    /** The default host and the other names gateway-cert.sh puts in the certificate. */
    private static Set<String> certificateNames() {
        String script = read(CERTIFICATE_SCRIPT);
        Set<String> names = new TreeSet<>();
        Matcher host = Pattern.compile("HOST=\\$\\{1:-([\\w.-]+)}").matcher(script);
        assertThat(host.find()).as("the default host in %s", CERTIFICATE_SCRIPT).isTrue();
        names.add(host.group(1));
        Matcher alternative = Pattern.compile("(?:DNS|IP):([\\w.-]+)").matcher(script);
        while (alternative.find()) {
            names.add(alternative.group(1));
        }
        return names;
    }

    private static String page() {
        return read(ProjectFiles.SECURITY);
    }

    private static String read(Path file) {
        try {
            return Files.readString(ROOT.resolve(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
