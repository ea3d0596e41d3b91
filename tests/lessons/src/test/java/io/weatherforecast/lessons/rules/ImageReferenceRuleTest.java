package io.weatherforecast.lessons.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ImageReferenceRuleTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({ "weather/frontend:v1, docker.io/weather/frontend:v1", "busybox:1.36, docker.io/library/busybox:1.36",
            "localhost/weather/frontend:v1, localhost/weather/frontend:v1",
            "localhost:5000/weather/frontend:v1, localhost:5000/weather/frontend:v1",
            "ghcr.io/you/frontend:v1, ghcr.io/you/frontend:v1",
            "index.docker.io/weather/frontend:v1, docker.io/weather/frontend:v1",
            "registry.example.com/team/forecast@sha256:0123, registry.example.com/team/forecast@sha256:0123" })
    void resolvesAReferenceAsTheContainerRuntimesDo(String image, String resolved) {
        assertThat(ImageReferenceRule.resolve(image)).isEqualTo(resolved);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "localhost/weather/forecast:v1", "localhost:5000/weather/forecast:v1",
            "docker.io/fortio/fortio:1.66.5", "quay.io/argoproj/argo-rollouts:v1.10.2" })
    void takesTheProjectsImagesFromTheNodeAndOtherProjectsImagesNamedWithTheirRegistry(String image) {
        assertThat(ImageReferenceRule.problem(image)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "weather/forecast:v1", "docker.io/weather/forecast:v1", "ghcr.io/a-stranger/frontend:v1",
            "fortio/fortio:1.66.5", "busybox:1.36" })
    void refusesAnImageThatReachesAPublicNamespaceByDefaultAndTheProjectsImagesElsewhere(String image) {
        assertThat(ImageReferenceRule.problem(image)).hasValueSatisfying(
                message -> assertThat(message).contains("a namespace on a public registry that is not the configured"));
    }

}
