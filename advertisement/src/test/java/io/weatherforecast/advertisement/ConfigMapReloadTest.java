package io.weatherforecast.advertisement;

import java.time.Duration;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.awaitility.Awaitility.await;

/**
 * The ad catalogue coming from the {@code advertisement} ConfigMap and following changes
 * to it while the service runs. The Kubernetes API here is fabric8's MOCK API server
 * (kubernetes-server-mock in CRUD mode): it stores and watches objects like a real one,
 * but it is not a cluster and validates nothing.
 */
@EnableKubernetesMockClient(crud = true, https = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class ConfigMapReloadTest {

    /**
     * What a pod would give the service: the platform, its namespace and the API server's
     * address. System properties, not test properties: the ConfigMap is read while the
     * environment is prepared, and read again on every reload from a fresh environment
     * made of the system's properties.
     */
    static final Map<String, String> INSIDE_KUBERNETES = Map.of("spring.main.cloud-platform", "kubernetes",
            "spring.cloud.kubernetes.client.namespace", "weather");

    static final String MASTER_URL = "spring.cloud.kubernetes.client.master-url";

    static KubernetesClient mockApi;

    @Autowired
    RestTestClient http;

    @BeforeAll
    static void pretendToRunInAPodAndCreateTheConfigMap() {
        INSIDE_KUBERNETES.forEach(System::setProperty);
        System.setProperty(MASTER_URL, mockApi.getMasterUrl().toString());
        mockApi.configMaps().inNamespace("weather").resource(catalogue("from-configmap")).create();
    }

    @AfterAll
    static void leaveThePod() {
        INSIDE_KUBERNETES.keySet().forEach(System::clearProperty);
        System.clearProperty(MASTER_URL);
    }

    @Test
    void servesTheCatalogueOfTheConfigMapAndFollowsItsChangesWithoutARestart() {
        assertAdFor("paris", "from-configmap");

        mockApi.configMaps().inNamespace("weather").resource(catalogue("changed-live")).update();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertAdFor("paris", "changed-live"));
    }

    private void assertAdFor(String city, String adId) {
        http.get()
            .uri("/ad?city={city}", city)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.ad.id")
            .isEqualTo(adId);
    }

    /**
     * A ConfigMap as k8s/ ships it: named like the application, one key holding YAML
     * properties.
     */
    private static ConfigMap catalogue(String onlyAdId) {
        String yaml = """
                advertisement:
                  ads:
                    - id: %s
                      title: { en: "Mock", zh: "模拟" }
                      text: { en: "From the ConfigMap", zh: "来自 ConfigMap" }
                      link: https://example.com/%1$s
                """.formatted(onlyAdId);
        return new ConfigMapBuilder().withNewMetadata()
            .withName("advertisement")
            .withNamespace("weather")
            .endMetadata()
            .withData(Map.of("application.yaml", yaml))
            .build();
    }

}
