package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.weatherforecast.lessons.rules.Workload;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * The pages' one line that points the kustomization at the images a release publishes
 * (README.md, docs/images.md), run as written with the real kustomize on a copy of k8s/:
 * afterwards every image the kustomization renders is one the release pushes. kustomize
 * is built by {@code scripts/cluster.sh build} (the test is skipped without it, except in
 * CI, where .ci/run builds it first).
 */
class PublishedImagesTest {

    private static final String OVERRIDE = "cd k8s && kustomize edit set image ";

    private static final List<Path> PAGES = List.of(Path.of("README.md"), Path.of("docs", "images.md"));

    private static final String OWNER = "example-owner";

    private static final Pattern IMAGE = Pattern.compile("(?m)^\\s*(?:- )?image: (\\S+)$");

    private static BuiltTool kustomize;

    @TempDir
    Path work;

    @BeforeAll
    static void findKustomize() {
        kustomize = BuiltTool.named("kustomize");
    }

    @Test
    void afterThePagesOverrideEveryImageOfTheKustomizationIsOneTheReleasePublishes() throws IOException {
        Set<String> lines = new TreeSet<>();
        for (Path page : PAGES) {
            Files.readAllLines(ProjectFiles.root().resolve(page))
                .stream()
                .filter(line -> line.startsWith(OVERRIDE))
                .forEach(lines::add);
        }
        assertThat(lines).as("the override in %s, the same line", PAGES).hasSize(1);
        FileSystemUtils.copyRecursively(ProjectFiles.root().resolve("k8s"), this.work.resolve("k8s"));
        Set<String> before = renderedImages();

        BuiltTool.Result edit = kustomize.shell(this.work, lines.iterator().next().replace("OWNER", OWNER));
        assertThat(edit.status()).as(edit.output()).isZero();

        assertThat(before).isNotEmpty().allSatisfy(image -> assertThat(image).startsWith("localhost/weather/"));
        assertThat(renderedImages())
            .isEqualTo(before.stream()
                .map(image -> image.replace("localhost/weather/", "ghcr.io/" + OWNER + "/"))
                .collect(Collectors.toCollection(TreeSet::new)))
            .allSatisfy(image -> assertThat(published()).contains(image));
    }

    private Set<String> renderedImages() {
        BuiltTool.Result build = kustomize.run(this.work, List.of("build", "k8s"));
        assertThat(build.status()).as(build.output()).isZero();
        Set<String> images = new TreeSet<>();
        Matcher image = IMAGE.matcher(build.output());
        while (image.find()) {
            images.add(image.group(1));
        }
        return images;
    }

    /** What scripts/images/push.sh pushes to ghcr.io/OWNER: every service's image. */
    private static Set<String> published() {
        return Workload.ALL.stream()
            .map(workload -> "ghcr.io/" + OWNER + "/" + workload.app() + ":" + workload.version())
            .collect(Collectors.toCollection(TreeSet::new));
    }

}
