package io.weatherforecast.lessons.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

import io.weatherforecast.lessons.ProjectFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real control plane of {@code scripts/cluster.sh} (Kubernetes v1.37.2 with KWOK's
 * fake nodes, and istiod), started fresh and stopped by {@link #close()}; the test
 * classes share one per mode ({@link SharedCluster}), reset between them. Commands run as
 * an attendee runs them: in bash, from the repository's root, with the cluster's
 * kubeconfig and kubectl. No container runs on it and no request passes a proxy, so what
 * is asserted is istiod's answer to the proxies; with {@code up --data-plane}
 * (TutorialThroughEnvoyIT) the pods of {@code weather} and the gateway run for real.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Path ROOT = ProjectFiles.root();

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * istiod's monitoring and debug port before CLUSTER_PORT_OFFSET (scripts/cluster.sh).
     */
    private static final int ISTIOD_MONITORING_PORT = 15014;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * The cluster this JVM started last, while it runs: a checkout runs one cluster at a
     * time (one set of ports, one target/cluster).
     */
    private static LocalCluster running;

    private final List<String> options;

    private ChapterObjects afterUp;

    private LocalCluster(List<String> options) {
        this.options = List.copyOf(options);
    }

    /**
     * Starts a fresh cluster. Without its binaries the calling test is skipped with a
     * message, except in CI (CI=true), where it fails: .ci/run builds them first.
     */
    public static LocalCluster up() {
        return up(List.of());
    }

    /**
     * Starts a fresh cluster with options of {@code scripts/cluster.sh up}, e.g.
     * {@code --ambient}, after stopping the one this JVM runs (a test class's shared
     * cluster, {@link SharedCluster}); with {@code --data-plane} only where this machine
     * can run it ({@link DataPlane#assumeRunnable()}).
     */
    public static synchronized LocalCluster up(List<String> options) {
        if (running != null) {
            running.close();
        }
        Result built = run(List.of("scripts/cluster.sh", "built"), 30);
        if (!built.succeeded()) {
            cannotRun("The local cluster is not built (" + built.output().strip() + built.errors().strip()
                    + "): run scripts/cluster.sh build");
        }
        if (options.contains("--data-plane")) {
            DataPlane.assumeRunnable();
        }
        List<String> command = new java.util.ArrayList<>(List.of("scripts/cluster.sh", "up"));
        command.addAll(options);
        Result up = run(command, 180);
        if (!up.succeeded()) {
            run(List.of("scripts/cluster.sh", "down"), 60);
            throw new IllegalStateException("scripts/cluster.sh up failed:\n" + up.output() + up.errors());
        }
        LocalCluster cluster = new LocalCluster(options);
        running = cluster;
        try {
            cluster.afterUp = ChapterObjects.of(cluster);
        }
        catch (RuntimeException ex) {
            cluster.close();
            throw ex;
        }
        return cluster;
    }

    /**
     * Skips the calling test with this reason, except in CI (CI=true), where it fails:
     * .ci/run prepares the machine.
     */
    static void cannotRun(String reason) {
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(reason);
        }
        System.out.println("[WARNING] Skipping: " + reason);
        Assumptions.abort(reason);
    }

    /** The options of {@code scripts/cluster.sh up} this cluster was started with. */
    public List<String> options() {
        return this.options;
    }

    /** Whether it runs: it has not been closed, by its user or by a later {@link #up}. */
    public boolean isUp() {
        synchronized (LocalCluster.class) {
            return running == this;
        }
    }

    /**
     * Back to the state {@code up} left, which every chapter's first step starts from:
     * what the chapters created since ({@link ChapterObjects}) is deleted, namespaces
     * until they are gone, and this returns once istiod has neither their Istio
     * configuration nor their services any more.
     */
    public void reset() {
        ChapterObjects created = ChapterObjects.of(this).since(this.afterUp);
        if (created.isEmpty()) {
            return;
        }
        Result deleted = shell("kubectl delete --ignore-not-found --timeout=2m -n " + ChapterObjects.ROOT_NAMESPACE
                + " " + String.join(" ", created.names()));
        if (!deleted.succeeded()) {
            throw new IllegalStateException("the reset could not delete " + created.names() + ": " + deleted.errors());
        }
        Awaitility.await("istiod forgets " + created.names())
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(() -> assertThat(created.seenBy(istiodDebug("configz"), istiodDebug("registryz")))
                .as("what istiod still has of the deleted objects")
                .isEmpty());
    }

    /**
     * An answer of istiod's debug interface ({@code /debug/NAME} on its monitoring port),
     * as JSON.
     */
    JsonNode istiodDebug(String name) {
        try {
            int offset = Integer.parseInt(Files.readString(ROOT.resolve("target/cluster/port-offset")).strip());
            HttpResponse<String> response = HTTP.send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + (ISTIOD_MONITORING_PORT + offset) + "/debug/" + name))
                .timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
            return read(response.body());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A command line as the tutorial writes it, run by bash against this cluster; given
     * more than the tutorial's longest wait ({@code kubectl wait --timeout=5m}), which
     * real services starting on the data plane of {@code up --data-plane} may need.
     */
    public Result shell(String commandLine) {
        return run(List.of("bash", "-c", "eval \"$(scripts/cluster.sh env)\" && " + commandLine), 360);
    }

    public JsonNode kubectlJson(String arguments) {
        Result result = shell("kubectl " + arguments + " -o json");
        if (!result.succeeded()) {
            throw new IllegalStateException("kubectl " + arguments + " failed: " + result.errors());
        }
        return read(result.output());
    }

    /**
     * What istiod sends the proxy of a pod (its sidecar, or the gateway), asked over xDS.
     */
    public ProxyConfig xds(String namespace, String pod) {
        Result result = run(List.of("scripts/cluster.sh", "xds", namespace, pod), 60);
        if (!result.succeeded()) {
            throw new IllegalStateException("xds-dump for " + namespace + "/" + pod + " failed: " + result.errors());
        }
        return new ProxyConfig(namespace + "/" + pod, read(result.output()));
    }

    /** Stops it, unless it was stopped before. */
    @Override
    public void close() {
        synchronized (LocalCluster.class) {
            if (running != this) {
                return;
            }
            running = null;
        }
        Result down = run(List.of("scripts/cluster.sh", "down"), 60);
        if (!down.succeeded()) {
            throw new IllegalStateException("scripts/cluster.sh down failed:\n" + down.output() + down.errors());
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Result run(List<String> command, int timeoutSeconds) {
        return run(command, Map.of(), timeoutSeconds);
    }

    /**
     * Runs a command from the repository's root with these variables added to the
     * environment, and waits for it at most that long.
     */
    static Result run(List<String> command, Map<String, String> environment, int timeoutSeconds) {
        try {
            Path errors = Files.createTempFile("cluster-command", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectError(errors.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
                builder.environment().putAll(environment);
                Process process = builder.start();
                byte[] output;
                try (var in = process.getInputStream()) {
                    output = in.readAllBytes();
                }
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(
                            String.join(" ", command) + " took more than " + timeoutSeconds + " s");
                }
                return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8),
                        Files.readString(errors));
            }
            finally {
                Files.deleteIfExists(errors);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A finished command: its exit status and what it printed on standard output and
     * error.
     */
    public record Result(int exitStatus, String output, String errors) {

        public boolean succeeded() {
            return exitStatus == 0;
        }
    }

}
