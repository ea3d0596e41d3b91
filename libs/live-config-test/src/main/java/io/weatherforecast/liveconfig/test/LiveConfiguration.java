package io.weatherforecast.liveconfig.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Before the Spring context of a test class starts: a {@link RealApiServer}, the
 * service's own objects from {@code k8s/} applied to it, its ConfigMap given the tables
 * of {@link #INITIAL_MARKER} (so that its answers differ from application.yml), and the
 * service pointed at that API server, namespace {@value #NAMESPACE}, with a token of its
 * ServiceAccount (never the administrator's certificate). Without the binaries the class
 * is skipped with a message, and fails in CI ({@code CI=true}).
 */
public final class LiveConfiguration implements BeforeAllCallback, AfterAllCallback {

    public static final String NAMESPACE = "weather";

    public static final String INITIAL_MARKER = "from-configmap";

    public static final String DATA_KEY = "application.yaml";

    private final ConfiguredService service;

    private final Map<String, String> properties = new LinkedHashMap<>();

    private RealApiServer apiServer;

    private KubernetesClient admin;

    private ProjectManifests manifests;

    private String token;

    public LiveConfiguration(ConfiguredService service) {
        this.service = service;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> missing = RealApiServer.missingBinaries();
        if (missing.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail(missing.get());
            }
            String message = "Skipping " + context.getDisplayName() + ", the tests on a real API server. "
                    + missing.get();
            // surefire counts no skipped test for an aborted class: say it where it is
            // seen
            System.err.println("[WARNING] " + message);
            Assumptions.abort(message);
        }
        apiServer = RealApiServer.start();
        admin = apiServer.admin();
        manifests = ProjectManifests.load(admin);
        for (HasMetadata object : manifests.accessAndConfigurationOf(service.name())) {
            admin.resource(object).create();
        }
        updateTables(service.tables(INITIAL_MARKER));
        token = apiServer.token(NAMESPACE, service.name());

        // What a pod would give the service. System properties, not test properties: the
        // ConfigMap is read while the environment is prepared, and read again on every
        // reload from a fresh environment made of the system's properties.
        properties.put("spring.main.cloud-platform", "kubernetes");
        properties.put("spring.cloud.kubernetes.client.namespace", NAMESPACE);
        properties.put("spring.cloud.kubernetes.client.master-url", apiServer.url());
        properties.put("spring.cloud.kubernetes.client.ca-cert-file", apiServer.caCertFile());
        properties.put("spring.cloud.kubernetes.client.oauth-token", token);
        properties.put("spring.cloud.kubernetes.reload.mode", "event");
        // fabric8 would otherwise take ~/.kube/config (and its administrator) as the base
        properties.put("kubernetes.auth.tryKubeConfig", "false");
        properties.put("kubernetes.auth.tryServiceAccount", "false");
        properties.forEach(System::setProperty);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        properties.keySet().forEach(System::clearProperty);
        // Stopped when the test class is done, after its Spring context (closed by
        // @DirtiesContext) has stopped watching: the class's store closes it last.
        if (apiServer != null) {
            context.getStore(ExtensionContext.Namespace.create(LiveConfiguration.class))
                .put(RealApiServer.class, (AutoCloseable) () -> {
                    admin.close();
                    apiServer.close();
                });
        }
    }

    public ConfiguredService service() {
        return service;
    }

    public RealApiServer apiServer() {
        return apiServer;
    }

    /** The administrator's client (for the test's own edits, never the service's). */
    public KubernetesClient admin() {
        return admin;
    }

    public ProjectManifests manifests() {
        return manifests;
    }

    /** The token the service runs with: its ServiceAccount's. */
    public String serviceToken() {
        return token;
    }

    public String serviceAccountUser() {
        return "system:serviceaccount:" + NAMESPACE + ":" + service.name();
    }

    /** Writes the tables into the service's ConfigMap, as {@code kubectl edit} would. */
    public void updateTables(String tables) {
        admin.configMaps()
            .inNamespace(NAMESPACE)
            .withName(service.name())
            .edit(configMap -> new io.fabric8.kubernetes.api.model.ConfigMapBuilder(configMap)
                .withData(Map.of(DATA_KEY, tables))
                .build());
    }

    public void deleteConfigMap() {
        admin.configMaps().inNamespace(NAMESPACE).withName(service.name()).delete();
        admin.configMaps()
            .inNamespace(NAMESPACE)
            .withName(service.name())
            .waitUntilCondition(configMap -> configMap == null, 30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Creates the ConfigMap of {@code k8s/} again, with other tables. */
    public void recreateConfigMap(String tables) {
        ConfigMap shipped = manifests.one(ConfigMap.class, service.name());
        admin
            .resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder(shipped).withData(Map.of(DATA_KEY, tables))
                .build())
            .create();
    }

    /** The ConfigMaps of {@code k8s/} that belong to other services. */
    public List<ConfigMap> otherServicesConfigMaps() {
        return manifests.all(ConfigMap.class)
            .stream()
            .filter(configMap -> !service.name().equals(configMap.getMetadata().getName()))
            .toList();
    }

}
