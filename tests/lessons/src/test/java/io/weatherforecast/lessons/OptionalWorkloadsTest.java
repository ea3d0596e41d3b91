package io.weatherforecast.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weatherforecast.lessons.schema.ManifestDocument;
import io.weatherforecast.lessons.schema.YamlDocuments;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The workloads of k8s/optional that stand for a service's own: a copy, since
 * {@code kubectl apply -k} may not load a file outside its folder and the tutorial's file
 * names are fixed, so a check keeps the copy from drifting.
 */
class OptionalWorkloadsTest {

    private static final Path ROOT = ProjectFiles.root();

    @Test
    void theFailingRecommendationIsRecommendationV1ButForItsNameItsFaultLabelAndItsFaultSwitch() {
        ObjectNode expected = deployment("k8s/recommendation-all.yaml", "recommendation-v1").deepCopy();
        expected.withObject("/metadata").put("name", "recommendation-v1-failing");
        expected.withObject("/spec/selector/matchLabels").put("fault", "failing");
        expected.withObject("/spec/template/metadata/labels").put("fault", "failing");
        ArrayNode env = (ArrayNode) expected.at("/spec/template/spec/containers/0/env");
        env.insertObject(0).put("name", "WEATHER_FAULTS_FAILURE_PERCENT").put("value", "100");

        assertThat(deployment("k8s/optional/recommendation-failing.yaml", "recommendation-v1-failing"))
            .isEqualTo(expected);
    }

    private static JsonNode deployment(String file, String name) {
        return YamlDocuments.read(ROOT, Path.of(file))
            .stream()
            .filter(document -> document.kind().equals("Deployment") && document.name().equals(name))
            .map(ManifestDocument::tree)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Deployment " + name + " in " + file));
    }

}
