package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.weatherforecast.lessons.schema.ManifestDocument;
import io.weatherforecast.lessons.schema.YamlDocuments;
import io.weatherforecast.lessons.tutorial.TutorialLanguage;
import io.weatherforecast.lessons.tutorial.TutorialReplay;
import io.weatherforecast.lessons.tutorial.TutorialStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * What the pages for attendees (the README and docs/, but for the maintainers' pages)
 * tell them to type and to expect, against the project's files: commands that work on
 * every platform and do what the page says, and figures that are the manifests' and the
 * scripts' own.
 */
class AttendeeCommandsTest {

    private static final Path ROOT = ProjectFiles.root();

    /** Pages for the project's developers, not for attendees. */
    private static final Set<String> MAINTAINERS_PAGES = Set.of("development.md", "performance.md", "architecture.md");

    private static final Path LOAD_SCRIPT = Path.of("scripts", "images", "load-into-cluster.sh");

    private static final Pattern NUMBER_OF_SERVICES = Pattern
        .compile("(?i)\\b(all|the other) (two|three|four|five|six|seven|eight|nine|ten) (services|keep|processes)\\b");

    private static final List<String> NUMBERS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten");

    /**
     * What a page says each pod of the app asks for and may use: in English and in the
     * Chinese tutorial.
     */
    private static final List<Pattern> POD_RESOURCES = List.of(
            Pattern.compile("asks for (\\d+) MiB and ([\\d.]+) CPU and may use up to (\\d+) MiB"),
            Pattern.compile("申请 (\\d+) MiB 内存和 ([\\d.]+) CPU，最多可用 (\\d+) MiB"));

    @Test
    void everyJibTarballCommandNamesOnePlatformForJibRefusesAMultiPlatformTar() {
        List<PageCode> builds = code().stream()
            .flatMap(code -> code.text()
                .lines()
                .map(line -> new PageCode(code.page(), line.replaceFirst("#.*", "")))
                .filter(line -> line.text().contains("./mvnw") && line.text().contains("jib:buildTar")))
            .toList();

        assertThat(builds).isNotEmpty()
            .allSatisfy(code -> assertThat(code.text()).as("in %s", code.page())
                .containsPattern("-Djib\\.from\\.platforms=linux/(amd64|arm64)(\\s|$)"));
    }

    @Test
    void everyImageLoadNamesTheClusterToolTheScriptTakes() {
        Matcher tools = Pattern.compile("(?m)^\\s*(\\w+)\\) load=").matcher(read(LOAD_SCRIPT));
        Set<String> known = new TreeSet<>();
        while (tools.find()) {
            known.add(tools.group(1));
        }
        assertThat(known).contains("kind", "minikube", "k3d");
        Pattern load = Pattern.compile(Pattern.quote(LOAD_SCRIPT.toString()) + "(?: (\\S+))?");
        List<String> problems = new ArrayList<>();
        int loads = 0;
        for (PageCode code : code()) {
            Matcher use = load.matcher(code.text());
            while (use.find()) {
                loads++;
                if (use.group(1) == null || !known.contains(use.group(1))) {
                    problems.add(code.page() + ": " + use.group());
                }
            }
        }
        assertThat(loads).isPositive();
        assertThat(problems).as("the script's usage: load-into-cluster.sh %s [CLUSTER]", known).isEmpty();
    }

    /** macOS's sed needs an argument after -i that GNU sed takes as a script. */
    @Test
    void noCommandEditsAFileWithSedInPlaceWhichMacOsSedDoesNotTakeAsGnuSedDoes() {
        assertThat(code()).noneSatisfy(
                code -> assertThat(code.text()).as("in %s", code.page()).containsPattern("\\bsed\\s+(-\\w+\\s+)*-i"));
    }

    @Test
    void thePodsResourcesThePagesGiveAreTheManifests() {
        Set<List<BigDecimal>> inManifests = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        for (Path file : ProjectFiles.tutorialManifests()) {
            for (ManifestDocument document : YamlDocuments.read(ROOT, file)) {
                if (document.kind().equals("Deployment")) {
                    JsonNode resources = document.tree().at("/spec/template/spec/containers/0/resources");
                    inManifests.add(List.of(mebibytes(resources.at("/requests/memory").asText()),
                            cores(resources.at("/requests/cpu").asText()),
                            mebibytes(resources.at("/limits/memory").asText())));
                }
            }
        }
        assertThat(inManifests).as("what every Deployment of the app asks for and may use").hasSize(1);
        List<BigDecimal> pod = inManifests.iterator().next();
        List<Path> pages = List.of(Path.of("README.md"), Path.of("docs", "tutorial.md"),
                Path.of("docs", "zh", "tutorial.md"));

        assertThat(pages).allSatisfy(page -> {
            String text = read(page).replaceAll("\\s+", " ");
            List<List<BigDecimal>> said = POD_RESOURCES.stream()
                .flatMap(pattern -> pattern.matcher(text).results())
                .map(match -> List.of(new BigDecimal(match.group(1)), new BigDecimal(match.group(2)),
                        new BigDecimal(match.group(3))))
                .toList();
            assertThat(said).as("what %s says a pod of the app asks for and may use", page)
                .isNotEmpty()
                .allSatisfy(figures -> assertThat(figures).usingElementComparator(BigDecimal::compareTo)
                    .containsExactlyElementsOf(pod));
        });
    }

    /**
     * The cluster the README and the tutorial ask for holds the requests of the canary at
     * 50/50 (the app's pods, a sidecar each, istiod and the gateway), and the README's
     * sum of them is right; minikube is started with that much, and the Chinese tutorial
     * asks for the same.
     */
    @Test
    void theClusterThePagesAskForHoldsEveryRequestOfTheCanary() {
        List<TutorialStep> steps = TutorialLanguage.ENGLISH.steps(ROOT);
        long pods = TutorialReplay.replay(ROOT, steps)
            .stream()
            .filter(result -> result.step().canaryMeter().filter(meter -> meter.size() == 2).isPresent())
            .findFirst()
            .orElseThrow()
            .state()
            .all(Deployment.class)
            .size();
        String readme = read(Path.of("README.md")).replaceAll("\\s+", " ");
        String tutorial = read(TutorialLanguage.ENGLISH.file()).replaceAll("\\s+", " ");
        String chinese = read(TutorialLanguage.CHINESE.file()).replaceAll("\\s+", " ");

        for (String page : List.of(readme, tutorial)) {
            List<BigDecimal> cluster = figures(page, "\\*\\*(\\d+) CPUs and (\\d+) GiB of memory\\*\\*");
            List<BigDecimal> pod = figures(page, "pods asks for (\\d+) MiB and ([\\d.]+) CPU");
            List<BigDecimal> sidecar = figures(page, "sidecar in each pod asks for (\\d+) MiB and ([\\d.]+) CPU");
            List<BigDecimal> istiod = figures(page, "istiod asks for (\\d+) GiB and ([\\d.]+) CPU");
            List<BigDecimal> gateway = figures(page, "the ingress gateway (\\d+) MiB and ([\\d.]+) CPU");
            BigDecimal memory = pod.get(0)
                .add(sidecar.get(0))
                .multiply(BigDecimal.valueOf(pods))
                .add(istiod.get(0).multiply(BigDecimal.valueOf(1024)))
                .add(gateway.get(0));
            BigDecimal cpu = pod.get(1)
                .add(sidecar.get(1))
                .multiply(BigDecimal.valueOf(pods))
                .add(istiod.get(1))
                .add(gateway.get(1));

            assertThat(memory).isLessThanOrEqualTo(cluster.get(1).multiply(BigDecimal.valueOf(1024)));
            assertThat(cpu).isLessThanOrEqualTo(cluster.get(0));
            assertThat(figures(page, "minikube start --cpus=(\\d+) --memory=(\\d+)g")).isEqualTo(cluster);
            assertThat(figures(chinese, "\\*\\*(\\d+) 个 CPU 和 (\\d+) GiB 内存\\*\\*")).isEqualTo(cluster);
            if (page == readme) {
                assertThat(readme)
                    .contains("With the %s pods of the canary, that is about %s GiB and %s CPUs of requests".formatted(
                            NUMBERS.get((int) pods),
                            memory.divide(BigDecimal.valueOf(1024)).stripTrailingZeros().toPlainString(),
                            cpu.stripTrailingZeros().toPlainString()));
            }
        }
    }

    /** k3s's bundled Traefik takes the load balancer's port 80 that the gateway needs. */
    @Test
    void theReadmeAndTheTutorialsCreateAClusterOnEveryPlatformAndK3dWithoutTraefik() {
        List<Path> pages = List.of(Path.of("README.md"), TutorialLanguage.ENGLISH.file(),
                TutorialLanguage.CHINESE.file());
        List<PageCode> code = code();

        assertThat(pages).allSatisfy(page -> assertThat(code).filteredOn(piece -> piece.page().equals(page))
            .extracting(PageCode::text)
            .anySatisfy(text -> assertThat(text).contains("kind create cluster"))
            .anySatisfy(text -> assertThat(text).contains("minikube start"))
            .anySatisfy(text -> assertThat(text).contains("k3d cluster create"))
            .anySatisfy(text -> assertThat(text).contains("istioctl install")));
        assertThat(code).flatExtracting(piece -> piece.text().lines().toList())
            .filteredOn(line -> line.contains("k3d cluster create"))
            .isNotEmpty()
            .allSatisfy(line -> assertThat(line).contains("--disable=traefik"));
    }

    /** The numbers the first match of {@code pattern} in {@code text} holds. */
    private static List<BigDecimal> figures(String text, String pattern) {
        Matcher match = Pattern.compile(pattern).matcher(text);
        assertThat(match.find()).as("'%s' on the page", pattern).isTrue();
        List<BigDecimal> figures = new ArrayList<>();
        for (int group = 1; group <= match.groupCount(); group++) {
            figures.add(new BigDecimal(match.group(group)));
        }
        return figures;
    }

    /** "all six services", "the other five": as many as services.txt lists. */
    @Test
    void aCountOfTheServicesIsTheNumberServicesTxtLists() {
        long services = read(Path.of("services.txt")).lines()
            .filter(line -> !line.isBlank() && !line.startsWith("#"))
            .count();
        List<String> wrong = new ArrayList<>();
        int counts = 0;
        for (Path page : pages(true)) {
            Matcher count = NUMBER_OF_SERVICES.matcher(read(page).replaceAll("\\s+", " "));
            while (count.find()) {
                counts++;
                int expected = (int) (count.group(1).equalsIgnoreCase("all") ? services : services - 1);
                if (NUMBERS.indexOf(count.group(2).toLowerCase()) != expected) {
                    wrong.add(page + ": " + count.group());
                }
            }
        }
        assertThat(counts).isPositive();
        assertThat(wrong).as("services.txt lists %d services", services).isEmpty();
    }

    /**
     * The Istio release the pages install is one release, of the line the tests' istiod
     * is built from or, while that line is in development, of the line just before it;
     * the addons come from its folder.
     */
    @Test
    void everyPageInstallsTheSameIstioReleaseOfTheLineTheTestsRunOrTheOneBefore() {
        Matcher built = Pattern.compile("ISTIO_BUILD_VERSION=((\\d+)\\.(\\d+))")
            .matcher(read(Path.of("scripts", "cluster.sh")));
        assertThat(built.find()).isTrue();
        Set<String> releases = new TreeSet<>();
        Set<String> lines = new TreeSet<>();
        List<String> addonsFromNowhere = new ArrayList<>();
        for (Path page : pages(false)) {
            String text = read(page);
            Pattern.compile("ISTIO_VERSION=(\\d+\\.\\d+\\.\\d+)|istio-(\\d+\\.\\d+\\.\\d+)/")
                .matcher(text)
                .results()
                .forEach(release -> releases.add(release.group(1) != null ? release.group(1) : release.group(2)));
            Pattern.compile("release-(\\d+\\.\\d+)/").matcher(text).results().forEach(line -> lines.add(line.group(1)));
            Pattern.compile("(\\S*)samples/addons/")
                .matcher(text)
                .results()
                .filter(addon -> !addon.group(1).matches(".*(istio-\\d+\\.\\d+\\.\\d+|release-\\d+\\.\\d+)/"))
                .forEach(addon -> addonsFromNowhere.add(page + ": " + addon.group()));
        }

        assertThat(releases).as("the Istio releases the pages install").hasSize(1);
        String release = releases.iterator().next();
        String line = release.substring(0, release.lastIndexOf('.'));
        String lineBefore = built.group(2) + "." + (Integer.parseInt(built.group(3)) - 1);
        assertThat(line).as("the line of %s, against the tests' istiod %s", release, built.group(1))
            .isIn(built.group(1), lineBefore);
        assertThat(lines).allSatisfy(folder -> assertThat(folder).isEqualTo(line));
        assertThat(addonsFromNowhere).as("addons without the release folder they come from").isEmpty();
    }

    private static BigDecimal mebibytes(String quantity) {
        assertThat(quantity).endsWith("Mi");
        return new BigDecimal(quantity.substring(0, quantity.length() - 2));
    }

    private static BigDecimal cores(String quantity) {
        return quantity.endsWith("m") ? new BigDecimal(quantity.substring(0, quantity.length() - 1)).movePointLeft(3)
                : new BigDecimal(quantity);
    }

    /** Every piece of code of the attendees' pages: code blocks and inline code. */
    private static List<PageCode> code() {
        List<PageCode> code = new ArrayList<>();
        for (Path page : pages(false)) {
            Parser.builder().build().parse(read(page)).accept(new AbstractVisitor() {
                @Override
                public void visit(FencedCodeBlock block) {
                    code.add(new PageCode(page, block.getLiteral()));
                }

                @Override
                public void visit(IndentedCodeBlock block) {
                    code.add(new PageCode(page, block.getLiteral()));
                }

                @Override
                public void visit(Code inline) {
                    code.add(new PageCode(page, inline.getLiteral()));
                }
            });
        }
        return code;
    }

    /** The README and every page under docs/, the maintainers' pages only when asked. */
    private static List<Path> pages(boolean withMaintainers) {
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            List<Path> pages = new ArrayList<>();
            pages.add(Path.of("README.md"));
            docs.filter(file -> file.toString().endsWith(".md"))
                .filter(file -> withMaintainers || !MAINTAINERS_PAGES.contains(file.getFileName().toString()))
                .map(ROOT::relativize)
                .sorted()
                .forEach(pages::add);
            return pages;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(ROOT.resolve(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private record PageCode(Path page, String text) {
    }

}
