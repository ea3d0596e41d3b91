package io.weatherforecast.lessons.docs;

import java.nio.file.Path;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.TestResources;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentPathsTest {

    @Test
    void everyLinkAndRepositoryPathOfTheDocsExists() {
        DocumentPaths paths = new DocumentPaths(ProjectFiles.root());

        assertThat(paths.pages()).contains(Path.of("README.md"), Path.of("docs", "tutorial.md"),
                Path.of("istio", "README.md"));
        assertThat(paths.pages().stream().flatMap(page -> paths.missingIn(page).stream())).isEmpty();
    }

    @Test
    void aLinkOrAPathToNothingIsNamedWithItsPage() {
        DocumentPaths paths = new DocumentPaths(TestResources.root().resolve("docs"));

        assertThat(paths.missingIn(Path.of("guide", "page.md"))).containsExactly("guide/page.md: link ../gone.md",
                "guide/page.md: link other.md#a-heading", "guide/page.md: path rules/moved.yaml",
                "guide/page.md: path rules/NAME/absent.yaml", "guide/page.md: path rules/*.yml");
    }

}
