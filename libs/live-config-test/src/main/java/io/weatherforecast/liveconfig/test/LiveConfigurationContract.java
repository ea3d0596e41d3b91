package io.weatherforecast.liveconfig.test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every service whose tables come from a ConfigMap passes, on a real kube-apiserver
 * ({@link LiveConfiguration}) with the service's own ServiceAccount, Role, RoleBinding
 * and ConfigMap from {@code k8s/}: the tables come from the ConfigMap; edits reach the
 * running service without a restart within {@link #RELOAD_BOUND}; an invalid edit is
 * logged and the last valid tables stay; the ConfigMap deleted and created again is
 * survived; the service answers every request sent throughout; and its token may read
 * only what the service needs.
 * <p>
 * A service's test extends this class and registers its {@link LiveConfiguration} in a
 * static field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class LiveConfigurationContract {

    /** How long an edit may take to reach the running service. */
    public static final Duration RELOAD_BOUND = Duration.ofSeconds(10);

    private static final int EDITS = 5;

    @Value("${local.server.port}")
    int port;

    protected abstract LiveConfiguration live();

    private URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Test
    @Order(1)
    void followsEveryEditOfItsConfigMapWhileItKeepsAnswering(CapturedOutput output) throws Exception {
        ConfiguredService service = live().service();
        assertThat(service.servedMarker(baseUrl())).as("the tables of the ConfigMap, not of application.yml")
            .isEqualTo(LiveConfiguration.INITIAL_MARKER);

        try (Traffic traffic = new Traffic(() -> {
            try {
                return service.servedMarker(baseUrl());
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        })) {
            List<Long> reloadMillis = new ArrayList<>();
            String last = LiveConfiguration.INITIAL_MARKER;
            for (int edit = 1; edit <= EDITS; edit++) {
                String marker = "edit-" + edit;
                reloadMillis.add(timeUntilServed(marker, () -> live().updateTables(service.tables(marker))));
                last = marker;
            }

            live().updateTables(service.invalidTables());
            awaitLog(output, "Kept the previous '" + service.name() + "' configuration");
            for (int check = 0; check < 10; check++) {
                assertThat(service.servedMarker(baseUrl())).as("the last valid tables stay").isEqualTo(last);
                RealApiServer.sleep(Duration.ofMillis(100));
            }

            String beforeDelete = last;
            long deleted = timeUntil("the tables of application.yml", marker -> !beforeDelete.equals(marker),
                    () -> live().deleteConfigMap());
            String afterDelete = service.servedMarker(baseUrl());
            reloadMillis.add(deleted);
            reloadMillis.add(timeUntilServed("recreated", () -> live().recreateConfigMap(service.tables("recreated"))));

            traffic.stop();
            System.out.printf(
                    "%s on a real API server: ms until the answers changed, after %d edits, the delete and "
                            + "the re-creation: %s (min %d, median %d, max %d); after the delete it served '%s'; "
                            + "%d requests during the edits, %d errors%n",
                    service.name(), EDITS, reloadMillis, Collections.min(reloadMillis), median(reloadMillis),
                    Collections.max(reloadMillis), afterDelete, traffic.requests(), traffic.errors());
            assertThat(traffic.errors()).as("errors among %d requests: %s", traffic.requests(), traffic.firstError())
                .isZero();
            assertThat(traffic.requests()).isGreaterThan(50);
        }
    }

    @Test
    @Order(3)
    void itsTokenMayListAndWatchConfigMapsInItsNamespaceAndNothingElse() {
        KubernetesClient admin = live().admin();
        String ns = LiveConfiguration.NAMESPACE;
        String own = live().service().name();
        List<ConfigMap> others = live().otherServicesConfigMaps();
        live().manifests()
            .find(ConfigMap.class, own)
            .ifPresent(configMap -> admin.resource(configMap).createOr(existing -> existing.update()));
        others.forEach(configMap -> admin.resource(configMap).createOr(existing -> existing.update()));
        admin
            .resource(new SecretBuilder().withNewMetadata()
                .withName(own + "-secret")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of("password", "not for " + own))
                .build())
            .createOr(existing -> existing.update());
        String other = others.isEmpty() ? "other" : others.get(0).getMetadata().getName();

        List<String> matrix = new ArrayList<>();
        try (KubernetesClient asService = live().apiServer().withToken(live().serviceToken())) {
            Access access = new Access(asService, matrix);
            access.allowed("list", "configmaps", ns, null);
            access.allowed("watch", "configmaps", ns, null);
            access.forbidden("get", "configmaps", ns, own);
            access.forbidden("get", "configmaps", ns, other);
            for (String verb : List.of("create", "update", "patch", "delete", "deletecollection")) {
                access.forbidden(verb, "configmaps", ns, "create".equals(verb) ? null : own);
            }
            for (String verb : List.of("get", "list", "watch")) {
                access.forbidden(verb, "secrets", ns, "get".equals(verb) ? own + "-secret" : null);
            }
            for (String namespace : List.of("default", "kube-system", "istio-system")) {
                access.forbidden("list", "configmaps", namespace, null);
                access.forbidden("watch", "configmaps", namespace, null);
            }
            access.forbidden("list", "pods", ns, null);
            access.forbidden("get", "serviceaccounts", ns, own);
            access.forbidden("list", "namespaces", null, null);

            // The same, asked for real.
            List<String> listed = asService.configMaps()
                .inNamespace(ns)
                .list()
                .getItems()
                .stream()
                .map(configMap -> configMap.getMetadata().getName())
                .toList();
            matrix.add("real: GET /api/v1/namespaces/" + ns + "/configmaps -> 200 " + listed);
            try (Watch watch = asService.configMaps().inNamespace(ns).watch(new Ignore<>())) {
                matrix.add("real: GET /api/v1/namespaces/" + ns + "/configmaps?watch=true -> opened");
            }
            access.refused("GET configmap " + own, () -> asService.configMaps().inNamespace(ns).withName(own).get());
            access.refused("GET configmap " + other,
                    () -> asService.configMaps().inNamespace(ns).withName(other).get());
            access.refused("PUT configmap " + own,
                    () -> asService.configMaps()
                        .inNamespace(ns)
                        .resource(new ConfigMapBuilder(admin.configMaps().inNamespace(ns).withName(own).get())
                            .addToData("extra", "x")
                            .build())
                        .update());
            access.refused("POST configmap",
                    () -> asService.configMaps()
                        .inNamespace(ns)
                        .resource(new ConfigMapBuilder().withNewMetadata().withName("planted").endMetadata().build())
                        .create());
            access.refused("DELETE configmap " + own,
                    () -> asService.configMaps().inNamespace(ns).withName(own).delete());
            access.refused("GET secret", () -> asService.secrets().inNamespace(ns).withName(own + "-secret").get());
            access.refused("LIST secrets", () -> asService.secrets().inNamespace(ns).list());
            access.refused("LIST configmaps in default", () -> asService.configMaps().inNamespace("default").list());
            access.refused("LIST configmaps in kube-system",
                    () -> asService.configMaps().inNamespace("kube-system").list());
            System.out.println(
                    own + ": access of system:serviceaccount:" + ns + ":" + own + "\n  " + String.join("\n  ", matrix));

            assertThat(admin.configMaps().inNamespace(ns).withName(own).get().getData())
                .as("nothing the service's token tried changed its ConfigMap")
                .doesNotContainKey("extra");
            // What no Role can prevent while the informer lists the collection: the list
            // shows every ConfigMap of the namespace, the other services' too.
            assertThat(listed).contains(own).containsAll(others.stream().map(c -> c.getMetadata().getName()).toList());
        }
    }

    /**
     * Runs before the access checks, which use the same token: the audit log then holds
     * only the service's own requests.
     */
    @Test
    @Order(2)
    void everyRequestTheServiceMadeWasAllowedAndOnlyListsOrWatchesItsConfigMaps() {
        List<RealApiServer.AuditedRequest> requests = live().apiServer().requestsBy(live().serviceAccountUser());
        TreeSet<String> distinct = new TreeSet<>();
        requests.forEach(request -> distinct.add(request.verb() + " "
                + request.uri()
                    .replaceAll("resourceVersion=\\d+", "resourceVersion=N")
                    .replaceAll("timeoutSeconds=\\d+", "timeoutSeconds=N")
                + " -> " + request.status()));
        System.out.println(live().service().name() + ": " + requests.size() + " API requests by "
                + live().serviceAccountUser() + ", distinct:\n  " + String.join("\n  ", distinct));
        String configMaps = "/api/v1/namespaces/" + LiveConfiguration.NAMESPACE + "/configmaps";
        assertThat(requests).isNotEmpty().allSatisfy(request -> {
            assertThat(request.status()).as("status of %s", request).isLessThan(400);
            assertThat(request.verb()).as("verb of %s", request).isIn("list", "watch");
            assertThat(request.uri()).as("URI of %s", request).matches(Pattern.quote(configMaps) + "(\\?.*)?");
        });
    }

    private long timeUntilServed(String marker, Runnable edit) throws Exception {
        return timeUntil("'" + marker + "'", marker::equals, edit);
    }

    /** Makes a change and measures the time until the service's answers show it. */
    private long timeUntil(String what, Predicate<String> served, Runnable change) throws Exception {
        long start = System.nanoTime();
        change.run();
        long deadline = start + RELOAD_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            if (served.test(live().service().servedMarker(baseUrl()))) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            RealApiServer.sleep(Duration.ofMillis(10));
        }
        throw new AssertionError(live().service().name() + " did not serve " + what + " within " + RELOAD_BOUND
                + "; it serves '" + live().service().servedMarker(baseUrl()) + "'");
    }

    private static void awaitLog(CapturedOutput output, String line) {
        long deadline = System.nanoTime() + RELOAD_BOUND.toNanos();
        while (!output.getAll().contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No log line '" + line + "' within " + RELOAD_BOUND);
            }
            RealApiServer.sleep(Duration.ofMillis(20));
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** Requests sent one after another from a background thread until stopped. */
    private static final class Traffic implements AutoCloseable {

        private static final Duration LONGEST = Duration.ofMinutes(3);

        private final AtomicBoolean running = new AtomicBoolean(true);

        private final AtomicInteger requests = new AtomicInteger();

        private final AtomicInteger errors = new AtomicInteger();

        private volatile String firstError = "none";

        private final Thread thread;

        Traffic(Supplier<String> request) {
            long end = System.nanoTime() + LONGEST.toNanos();
            this.thread = Thread.ofPlatform().name("traffic").start(() -> {
                while (running.get() && System.nanoTime() < end) {
                    requests.incrementAndGet();
                    try {
                        request.get();
                    }
                    catch (RuntimeException ex) {
                        if (errors.incrementAndGet() == 1) {
                            firstError = String.valueOf(ex);
                        }
                    }
                    RealApiServer.sleep(Duration.ofMillis(5));
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        int requests() {
            return requests.get();
        }

        int errors() {
            return errors.get();
        }

        String firstError() {
            return firstError;
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }

    }

    /** Asks the API server whether the service's own token may do something. */
    private record Access(KubernetesClient asService, List<String> matrix) {

        void allowed(String verb, String resource, String namespace, String name) {
            assertThat(review(verb, resource, namespace, name)).as(describe(verb, resource, namespace, name)).isTrue();
        }

        void forbidden(String verb, String resource, String namespace, String name) {
            assertThat(review(verb, resource, namespace, name)).as(describe(verb, resource, namespace, name)).isFalse();
        }

        void refused(String call, Runnable request) {
            assertThatThrownBy(request::run).as(call)
                .isInstanceOfSatisfying(KubernetesClientException.class, ex -> assertThat(ex.getCode()).isEqualTo(403));
            matrix.add("real: " + call + " -> 403");
        }

        private boolean review(String verb, String resource, String namespace, String name) {
            SelfSubjectAccessReview review = asService.authorization()
                .v1()
                .selfSubjectAccessReview()
                .create(new SelfSubjectAccessReviewBuilder().withNewSpec()
                    .withNewResourceAttributes()
                    .withVerb(verb)
                    .withResource(resource)
                    .withNamespace(namespace)
                    .withName(name)
                    .endResourceAttributes()
                    .endSpec()
                    .build());
            boolean allowed = review.getStatus().getAllowed();
            matrix.add(String.format("%-9s %s -> %s", allowed ? "allowed" : "forbidden",
                    describe(verb, resource, namespace, name),
                    Objects.toString(review.getStatus().getReason(), "no rule allows it")));
            return allowed;
        }

        private static String describe(String verb, String resource, String namespace, String name) {
            return verb + " " + resource + (name == null ? "" : "/" + name)
                    + (namespace == null ? " (cluster)" : " in " + namespace);
        }

    }

    private static final class Ignore<T> implements Watcher<T> {

        @Override
        public void eventReceived(Action action, T resource) {
        }

        @Override
        public void onClose(WatcherException cause) {
        }

    }

}
