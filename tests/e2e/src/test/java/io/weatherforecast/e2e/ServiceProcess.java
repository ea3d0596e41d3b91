package io.weatherforecast.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;

/**
 * One service, run from its built jar as its own JVM process on a free port, as
 * ./run-local.sh runs it.
 */
final class ServiceProcess implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("weather.root", "../.."));

    private static final Path LOGS = ROOT.resolve("tests/e2e/target/e2e-logs");

    /** The root pom's local.java-options, as run-local.sh starts the services. */
    private static final List<String> JAVA_OPTIONS = Arrays
        .stream(System.getProperty("weather.java-options", "").split("\\s+"))
        .filter(option -> !option.isEmpty())
        .toList();

    private static final int FIRST_PORT = 20000;

    private static final int PORTS = 8000;

    private static final AtomicInteger NEXT_PORT = new AtomicInteger(new Random().nextInt(PORTS));

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;

    private final int port;

    private final Process process;

    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(String name, String module, List<String> arguments) {
        Path jar = ROOT.resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through Maven, which builds it first");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(JAVA_OPTIONS);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
                "--weather.service.instance=" + name + "-e2e"));
        command.addAll(arguments);
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(name + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            return new ServiceProcess(name, port, process, log);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot start " + name, ex);
        }
    }

    void awaitReady(Duration timeout) {
        Awaitility.await(name + " ready on port " + port + " (its log: " + log + ")")
            .atMost(timeout)
            .pollInterval(Duration.ofMillis(250))
            .until(this::ready);
    }

    /** Whether its readiness answers 200; fails at once when the process has exited. */
    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
        }
        try {
            return HTTP
                .send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode() == 200;
        }
        catch (IOException notYet) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /**
     * The JVM's process id: the java command is started directly, with no shell between.
     */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    /** Stops the service as Kubernetes would: SIGTERM, a grace period, then SIGKILL. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * A port nothing is bound to, from below Linux's ephemeral range (32768-60999), where
     * an outgoing connection may hold a port a moment later, as scripts/lib.sh's
     * free_port picks them: counting up from a random start, so that ports handed out
     * before their services bind are not handed out twice.
     */
    private static int freePort() {
        while (true) {
            int port = FIRST_PORT + Math.floorMod(NEXT_PORT.getAndIncrement(), PORTS);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            }
            catch (IOException inUse) {
                // the next one
            }
        }
    }

}
