package io.weatherforecast.liveconfig.test;

import java.io.File;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubeapitest.process.KubeAPIServerProcess;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * A real etcd and kube-apiserver (RBAC on, audit log on), started for a test class on
 * 127.0.0.1 through {@code io.fabric8:kube-api-test}, which never downloads here: it is
 * configured offline, for {@value #VERSION} only, and finds the binaries that
 * {@code scripts/cluster.sh build} lays out (see {@link #binaries()}).
 * <p>
 * kube-api-test's own etcd listens on every interface; this class starts etcd itself on
 * loopback and uses kube-api-test for the certificates and the API server.
 */
public final class RealApiServer implements AutoCloseable {

    /** The Kubernetes version the cluster script builds; its etcd is 3.7.3. */
    public static final String VERSION = "1.37.2";

    private final Path workDir;

    private final Process etcd;

    private final KubeAPIServerProcess apiServer;

    private final CertManager certificates;

    private final Path auditLog;

    private final int port;

    private RealApiServer(Path workDir, Process etcd, KubeAPIServerProcess apiServer, CertManager certificates,
            Path auditLog, int port) {
        this.workDir = workDir;
        this.etcd = etcd;
        this.apiServer = apiServer;
        this.certificates = certificates;
        this.auditLog = auditLog;
        this.port = port;
    }

    /**
     * The directory kube-api-test reads: {@code $KUBE_API_TEST_DIR}, or
     * {@code ~/.kubeapitest}.
     */
    public static Path testDir() {
        String dir = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
        return dir != null && !dir.isBlank() ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME);
    }

    /** Where the binaries of {@value #VERSION} must be: etcd, kube-apiserver, kubectl. */
    public static Path binaries() {
        return testDir().resolve("k8s").resolve(VERSION + "-linux-amd64");
    }

    /** Why the binaries cannot be used, or empty when they all are there. */
    public static Optional<String> missingBinaries() {
        List<String> missing = new ArrayList<>();
        for (String binary : List.of("etcd", "kube-apiserver", "kubectl")) {
            if (!Files.isExecutable(binaries().resolve(binary))) {
                missing.add(binary);
            }
        }
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("No " + String.join(", ", missing) + " in " + binaries()
                        + " (scripts/cluster.sh build builds Kubernetes " + VERSION
                        + " from the Go module proxy and lays them out there; KUBE_API_TEST_DIR moves the directory)");
    }

    public static RealApiServer start() {
        try {
            Path workDir = Files.createTempDirectory("weather-apiserver");
            Path auditPolicy = workDir.resolve("audit-policy.yaml");
            Files.writeString(auditPolicy, """
                    apiVersion: audit.k8s.io/v1
                    kind: Policy
                    omitStages: [RequestReceived]
                    rules:
                      - level: Metadata
                    """);
            Path auditLog = workDir.resolve("audit.log");
            KubeAPIServerConfig config = KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(testDir().toString())
                .withApiServerVersion(VERSION)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(120_000)
                // loopback only; then there is no address for the endpoints of
                // "kubernetes"
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .withApiServerFlag("--advertise-address", "127.0.0.1")
                .withApiServerFlag("--endpoint-reconciler-type", "none")
                .withApiServerFlag("--audit-policy-file", auditPolicy.toString())
                .withApiServerFlag("--audit-log-path", auditLog.toString())
                .withApiServerFlag("--audit-log-mode", "blocking")
                .build();
            BinaryManager binaries = new BinaryManager(config);
            binaries.initAndDownloadIfRequired();
            CertManager certificates = new CertManager(config.getKubeAPITestDir());
            certificates.createCertificatesIfNeeded();
            int etcdPort = freePort();
            Process etcd = startEtcd(binaries.binaries().getEtcd(), workDir, etcdPort);
            KubeAPIServerProcess apiServer = new KubeAPIServerProcess(certificates, binaries, process -> {
            }, config);
            try {
                int port = apiServer.startApiServer(etcdPort);
                apiServer.waitUntilReady();
                return new RealApiServer(workDir, etcd, apiServer, certificates, auditLog, port);
            }
            catch (RuntimeException ex) {
                apiServer.stopApiServer();
                etcd.destroy();
                throw ex;
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Process startEtcd(File binary, Path workDir, int port) throws IOException {
        int peerPort = freePort();
        String client = "http://127.0.0.1:" + port;
        String peer = "http://127.0.0.1:" + peerPort;
        Process etcd = new ProcessBuilder(binary.getAbsolutePath(), "--name", "default", "--data-dir",
                workDir.resolve("etcd").toString(), "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster",
                "default=" + peer, "--unsafe-no-fsync")
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("etcd.log").toFile())
            .start();
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline) && etcd.isAlive()) {
            try {
                if (http
                    .send(HttpRequest.newBuilder(URI.create(client + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .statusCode() == 200) {
                    return etcd;
                }
            }
            catch (IOException ex) {
                // not listening yet
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(Duration.ofMillis(100));
        }
        etcd.destroy();
        throw new IllegalStateException("etcd did not become healthy; see " + workDir.resolve("etcd.log"));
    }

    public String url() {
        return "https://127.0.0.1:" + port;
    }

    /** The CA that signed the API server's certificate (a self-signed one). */
    public String caCertFile() {
        return certificates.getAPIServerCertPath();
    }

    /** A client with the cluster administrator's certificate (group system:masters). */
    public KubernetesClient admin() {
        return client(new ConfigBuilder(Config.empty()).withMasterUrl(url())
            .withCaCertFile(caCertFile())
            .withClientCertFile(certificates.getClientCertPath())
            .withClientKeyFile(certificates.getClientKeyPath())
            .build());
    }

    /** A client that authenticates with a bearer token only. */
    public KubernetesClient withToken(String token) {
        return client(new ConfigBuilder(Config.empty()).withMasterUrl(url())
            .withCaCertFile(caCertFile())
            .withOauthToken(token)
            .build());
    }

    /**
     * A token for a ServiceAccount, from the TokenRequest API, as the kubelet gets one.
     */
    public String token(String namespace, String serviceAccount) {
        try (KubernetesClient admin = admin()) {
            return admin.serviceAccounts()
                .inNamespace(namespace)
                .withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus()
                .getToken();
        }
    }

    /** The requests the API server has served to a user so far, from its audit log. */
    public List<AuditedRequest> requestsBy(String user) {
        try {
            List<AuditedRequest> requests = new ArrayList<>();
            for (String line : Files.readAllLines(auditLog)) {
                JsonNode event = Serialization.jsonMapper().readTree(line);
                if (user.equals(event.path("user").path("username").asText())) {
                    requests.add(new AuditedRequest(event.path("verb").asText(), event.path("requestURI").asText(),
                            event.path("responseStatus").path("code").asInt()));
                }
            }
            return requests;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        apiServer.stopApiServer();
        etcd.destroy();
        try {
            etcd.waitFor();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(workDir);
    }

    private static KubernetesClient client(Config config) {
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
        catch (IOException ex) {
            // a leftover temporary directory is harmless
        }
    }

    /**
     * One request as the audit log records it: verb (get, list, watch, ...), URI with its
     * query, HTTP status.
     */
    public record AuditedRequest(String verb, String uri, int status) {
    }

}
