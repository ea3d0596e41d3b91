package io.weatherforecast.lessons.live;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.live.ProxyConfig.WeightedCluster;
import io.weatherforecast.lessons.live.RbacFilter.Request;
import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.LessonStep;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/security.md on the real control plane: the tutorial replayed to its last step,
 * then every step of the security lesson as written (its scripts included), and after
 * each one istiod's answer to the app's sidecars and the ingress gateway asserted. The
 * allow/deny table is decided by evaluating the RBAC filters istiod sends each callee's
 * inbound listener ({@link RbacFilter}), not by reading the policies' YAML. What cannot
 * run here: Envoy, so no request, TLS handshake, 401 or 403 actually happens.
 */
class SecurityOnClusterIT extends OnLocalCluster {

    private static final List<LessonStep> LESSON = LessonDocument
        .lessonSteps(ProjectFiles.root().resolve(ProjectFiles.SECURITY));

    private static final String NS = MeshState.NAMESPACE;

    private static final String SPIFFE = "spiffe://cluster.local/ns/";

    static final String GATEWAY_SA = SPIFFE + "istio-system/sa/istio-ingressgateway-service-account";

    static final String FRONTEND_SA = SPIFFE + NS + "/sa/frontend";

    static final String FORECAST_SA = SPIFFE + NS + "/sa/forecast";

    static final String ADVERTISEMENT_SA = SPIFFE + NS + "/sa/advertisement";

    static final String RECOMMENDATION_SA = SPIFFE + NS + "/sa/recommendation";

    /** The app's workloads at the tutorial's end: app label and the port it serves. */
    private static final Map<String, Integer> PORTS = Map.of("frontend", 3000, "forecast", 3002, "advertisement", 3003,
            "recommendation", 3005);

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void replayTheTutorial() {
        runTheTutorialToItsEnd();
        assertThat(ClusterReplay.settled(cluster).problems()).as("the tutorial's last step").isEmpty();
    }

    @TestFactory
    Stream<DynamicNode> everyStepOfTheSecurityLessonAndWhatIstiodSendsAfterIt() {
        Map<String, Consumer<Proxies>> checks = new LinkedHashMap<>();
        checks.put("peer-authentication-permissive.yaml", SecurityOnClusterIT::inboundAcceptsPlainTextAndMutualTls);
        checks.put("peer-authentication-strict.yaml", SecurityOnClusterIT::inboundAcceptsOnlyMutualTls);
        checks.put("authorization-allow-app.yaml", SecurityOnClusterIT::eachCalleeAllowsExactlyTheAppsCalls);
        checks.put("gateway-cert.sh", SecurityOnClusterIT::gatewayHasNoHttpsServerYet);
        checks.put("weather-gateway-https.yaml", SecurityOnClusterIT::gatewayServesHttpsAndRedirectsHttp);
        checks.put("tester-jwt.sh", SecurityOnClusterIT::gatewayChecksTokensForTheTesterArea);
        checks.put("egress.yaml", SecurityOnClusterIT::unknownHostsGoToTheBlackHole);

        List<DynamicNode> nodes = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Proxies> last = new java.util.concurrent.atomic.AtomicReference<>();
        for (LessonStep step : LESSON) {
            java.util.concurrent.atomic.AtomicReference<Proxies> after = new java.util.concurrent.atomic.AtomicReference<>();
            List<DynamicTest> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("runs and prints what the lesson shows", () -> {
                LocalCluster.Result result = cluster.shell(step.line());
                assertThat(result.exitStatus()).as("%s failed: %s", step, result.errors()).isZero();
                step.shownOutput()
                    .ifPresent(shown -> assertThat(ShownOutput.difference(step.line(), shown, result.output()))
                        .as(step.toString())
                        .isNull());
                after.set(Proxies.settled(cluster));
                last.set(after.get());
            }));
            checks.entrySet()
                .stream()
                .filter(check -> step.line().contains(check.getKey()))
                .forEach(check -> tests.add(DynamicTest.dynamicTest("istiod's answer after it: " + check.getKey(),
                        () -> check.getValue().accept(proxies(after, step)))));
            nodes.add(DynamicContainer.dynamicContainer(step.toString(), tests.stream()));
        }
        nodes.add(DynamicContainer.dynamicContainer("with every step applied", Stream.of(
                DynamicTest.dynamicTest("each callee still allows exactly the app's calls",
                        () -> eachCalleeAllowsExactlyTheAppsCalls(last.get())),
                DynamicTest.dynamicTest("outbound clusters to the app use Istio mTLS",
                        () -> outboundClustersUseIstioMutualTls(last.get())),
                DynamicTest.dynamicTest("the page and the canary are unchanged: / to frontend v1, forecast to v2",
                        () -> pageAndCanaryUnchanged(last.get())),
                DynamicTest.dynamicTest("probes and metrics go to the agent's port 15020, outside the policies",
                        SecurityOnClusterIT::probesAndMetricsGoToTheAgent))));
        return nodes.stream();
    }

    private static Proxies proxies(java.util.concurrent.atomic.AtomicReference<Proxies> after, LessonStep step) {
        assertThat(after.get()).as("%s ran", step).isNotNull();
        return after.get();
    }

    // --- mTLS

    private static void inboundAcceptsPlainTextAndMutualTls(Proxies proxies) {
        PORTS.forEach((app, port) -> {
            List<JsonNode> chains = proxies.sidecar(app).inboundChains(port);
            assertThat(chains).as("%s's inbound chains for port %d", app, port)
                .anyMatch(chain -> !mutualTls(chain))
                .anyMatch(SecurityOnClusterIT::mutualTls);
        });
    }

    private static void inboundAcceptsOnlyMutualTls(Proxies proxies) {
        PORTS.forEach((app, port) -> {
            ProxyConfig sidecar = proxies.sidecar(app);
            assertThat(sidecar.inboundChains(port)).as("%s's inbound chains for port %d", app, port)
                .isNotEmpty()
                .allMatch(SecurityOnClusterIT::mutualTls);
            // every other chain of the inbound listener too, but Envoy's loop guard on
            // 15006 (it never forwards)
            assertThat(sidecar.listenerChains("virtualInbound")).as("%s's inbound listener", app)
                .filteredOn(chain -> chain.path("filter_chain_match").path("destination_port").asInt() != 15006)
                .allMatch(SecurityOnClusterIT::mutualTls);
        });
    }

    /**
     * A chain that only TLS connections reach, terminated with the sidecar's Istio
     * certificate and requiring the peer's, checked against Istio's root.
     */
    static boolean mutualTls(JsonNode chain) {
        JsonNode tls = chain.path("transport_socket").path("typed_config");
        JsonNode common = tls.path("common_tls_context");
        return "tls".equals(chain.path("filter_chain_match").path("transport_protocol").asText())
                && tls.path("require_client_certificate").asBoolean()
                && common.path("tls_certificate_sds_secret_configs").path(0).path("name").asText().equals("default")
                && common.path("combined_validation_context")
                    .path("validation_context_sds_secret_config")
                    .path("name")
                    .asText()
                    .equals("ROOTCA");
    }

    private static void outboundClustersUseIstioMutualTls(Proxies proxies) {
        Map<String, String> calls = Map.of("frontend", "forecast", "forecast", "recommendation", "advertisement",
                "forecast");
        calls.forEach((caller, callee) -> {
            ProxyConfig config = proxies.sidecar(caller);
            for (String app : List.of("frontend", "forecast", "advertisement", "recommendation")) {
                String cluster = "outbound|" + PORTS.get(app) + "||" + app + "." + MeshState.DOMAIN;
                JsonNode matches = config.dump().path("clusters").path(cluster).path("transport_socket_matches");
                JsonNode istio = Stream.of(matches)
                    .flatMap(array -> java.util.stream.StreamSupport.stream(array.spliterator(), false))
                    .filter(match -> "istio".equals(match.path("match").path("tlsMode").asText()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(caller + "'s cluster " + cluster + " has no Istio mTLS"));
                JsonNode common = istio.path("transport_socket").path("typed_config").path("common_tls_context");
                assertThat(common.path("tls_certificate_sds_secret_configs").path(0).path("name").asText())
                    .as("%s's client certificate for %s", caller, cluster)
                    .isEqualTo("default");
                assertThat(common.path("alpn_protocols").toString()).contains("istio");
                assertThat(common.path("combined_validation_context")
                    .path("default_validation_context")
                    .path("match_subject_alt_names")
                    .toString()).as("the identity %s's sidecar expects of %s", caller, app)
                    .contains(SPIFFE + NS + "/sa/" + app);
                for (JsonNode locality : config.dump().path("endpoints").path(cluster).path("endpoints")) {
                    for (JsonNode endpoint : locality.path("lb_endpoints")) {
                        assertThat(endpoint.path("metadata")
                            .path("filter_metadata")
                            .path("envoy.transport_socket_match")
                            .path("tlsMode")
                            .asText()).as("%s: endpoint of %s", caller, cluster).isEqualTo("istio");
                    }
                }
            }
        });
    }

    // --- authorization

    /**
     * The allow/deny table: every call the app makes, and calls it must never make, each
     * decided by the RBAC filters of the callee's inbound chain as istiod sent them.
     */
    static final List<Call> CALLS = List.of(
            // what the app does
            Call.allow(GATEWAY_SA, "frontend", "GET", "/"), Call.allow(GATEWAY_SA, "frontend", "GET", "/app.js"),
            Call.allow(GATEWAY_SA, "frontend", "GET", "/api/cities"),
            Call.allow(GATEWAY_SA, "frontend", "GET", "/api/weather?city=beijing&days=3"),
            Call.allow(GATEWAY_SA, "frontend", "GET", "/api/probe?city=beijing"),
            Call.allow(GATEWAY_SA, "frontend", "HEAD", "/"),
            Call.allow(FRONTEND_SA, "forecast", "GET", "/weather?city=beijing&days=3"),
            Call.allow(FRONTEND_SA, "forecast", "GET", "/cities"),
            Call.allow(FRONTEND_SA, "advertisement", "GET", "/ad?city=beijing"),
            Call.allow(FORECAST_SA, "recommendation", "POST", "/recommendations"),
            // what it must never do: other callers
            Call.deny(FRONTEND_SA, "recommendation", "POST", "/recommendations"),
            Call.deny(ADVERTISEMENT_SA, "forecast", "GET", "/weather?city=beijing"),
            Call.deny(ADVERTISEMENT_SA, "recommendation", "POST", "/recommendations"),
            Call.deny(ADVERTISEMENT_SA, "frontend", "GET", "/"),
            Call.deny(RECOMMENDATION_SA, "forecast", "GET", "/cities"),
            Call.deny(RECOMMENDATION_SA, "advertisement", "GET", "/ad?city=beijing"),
            Call.deny(FORECAST_SA, "advertisement", "GET", "/ad?city=beijing"),
            Call.deny(FORECAST_SA, "frontend", "GET", "/"), Call.deny(FRONTEND_SA, "frontend", "GET", "/"),
            Call.deny(GATEWAY_SA, "forecast", "GET", "/weather?city=beijing"),
            Call.deny(GATEWAY_SA, "recommendation", "POST", "/recommendations"),
            Call.deny(SPIFFE + "default/sa/frontend", "forecast", "GET", "/cities"),
            Call.deny(null, "forecast", "GET", "/cities"), Call.deny(null, "frontend", "GET", "/"),
            // the right caller, another method or path
            Call.deny(FRONTEND_SA, "forecast", "POST", "/weather"),
            Call.deny(FRONTEND_SA, "forecast", "DELETE", "/cities"),
            Call.deny(FRONTEND_SA, "forecast", "GET", "/actuator/prometheus"),
            Call.deny(FRONTEND_SA, "forecast", "GET", "/weather/beijing"),
            Call.deny(FRONTEND_SA, "advertisement", "GET", "/actuator/env"),
            Call.deny(FRONTEND_SA, "advertisement", "PUT", "/ad"),
            Call.deny(FORECAST_SA, "recommendation", "GET", "/recommendations"),
            Call.deny(FORECAST_SA, "recommendation", "POST", "/actuator/shutdown"),
            Call.deny(GATEWAY_SA, "frontend", "POST", "/api/weather"),
            Call.deny(GATEWAY_SA, "frontend", "DELETE", "/"));

    private static void eachCalleeAllowsExactlyTheAppsCalls(Proxies proxies) {
        List<String> wrong = new ArrayList<>();
        for (Call call : CALLS) {
            boolean allowed = proxies.allowed(call);
            System.out.println("[istiod RBAC] " + (allowed ? "ALLOW " : "DENY  ") + call);
            if (allowed != call.allowed()) {
                wrong.add(call + ": istiod's RBAC filters " + (allowed ? "allow" : "deny") + " it");
            }
        }
        assertThat(wrong).as("calls decided otherwise than the table").isEmpty();
        // and the principals each callee's policies name are exactly its callers
        Map<String, Set<String>> callers = Map.of("frontend", Set.of(GATEWAY_SA), "forecast", Set.of(FRONTEND_SA),
                "advertisement", Set.of(FRONTEND_SA), "recommendation", Set.of(FORECAST_SA));
        callers.forEach((app, expected) -> assertThat(proxies.principalsNamed(app))
            .as("the principals in %s's inbound RBAC filters", app)
            .isEqualTo(expected));
    }

    // --- the gateway

    private static void gatewayHasNoHttpsServerYet(Proxies proxies) {
        assertThat(proxies.gateway().listenerChains("0.0.0.0_8443")).as("the gateway's 8443 listener").isEmpty();
    }

    private static void gatewayServesHttpsAndRedirectsHttp(Proxies proxies) {
        ProxyConfig gateway = proxies.gateway();
        List<JsonNode> https = gateway.listenerChains("0.0.0.0_8443");
        assertThat(https).as("the gateway's HTTPS listener").hasSize(1);
        JsonNode tls = https.getFirst().path("transport_socket").path("typed_config");
        assertThat(tls.path("@type").asText()).endsWith("DownstreamTlsContext");
        assertThat(
                tls.path("common_tls_context").path("tls_certificate_sds_secret_configs").path(0).path("name").asText())
            .isEqualTo("kubernetes://weather-gateway-cert");
        assertThat(tls.path("require_client_certificate").asBoolean()).isFalse();
        assertThat(gateway.virtualHost("http.8080", "*").orElseThrow().path("require_tls").asText())
            .as("port 80 redirects every request to HTTPS")
            .isEqualTo("ALL");
        assertThat(gateway.routeTo("https.443.https.weather-gateway.istio-system", "*"))
            .contains(List.of(new WeightedCluster("outbound|3000|v1|frontend." + MeshState.DOMAIN, 100)));
    }

    private static void gatewayChecksTokensForTheTesterArea(Proxies proxies) {
        ProxyConfig gateway = proxies.gateway();
        String jwks = cluster.shell("scripts/security/tester-jwt.sh jwks").output().strip();
        for (String listener : List.of("0.0.0.0_8080", "0.0.0.0_8443")) {
            JsonNode chain = gateway.listenerChains(listener).getFirst();
            JsonNode jwt = ProxyConfig.httpFilter(chain, "envoy.filters.http.jwt_authn")
                .orElseThrow(() -> new AssertionError(listener + " has no JWT filter"))
                .path("typed_config");
            assertThat(jwt.path("providers").size()).isEqualTo(1);
            JsonNode provider = jwt.path("providers").elements().next();
            assertThat(provider.path("issuer").asText()).isEqualTo("https://issuer.weather.local");
            assertThat(provider.path("audiences").toString()).isEqualTo("[\"weather-gateway\"]");
            assertThat(provider.path("local_jwks").path("inline_string").asText())
                .as("the JWKS istiod sends, the one scripts/security/tester-jwt.sh made")
                .isEqualTo(jwks);
            // a token present must verify (else 401); only a missing token passes on
            // to the RBAC filter
            assertThat(jwt.path("rules").path(0).path("requires").path("requires_any").path("requirements").toString())
                .isEqualTo("[{\"provider_name\":\"" + jwt.path("providers").fieldNames().next()
                        + "\"},{\"allow_missing\":{}}]");
            assertThat(provider.path("payload_in_metadata").asText()).isEqualTo("payload");

            // the tester area, decided by the gateway's RBAC filters for real tokens
            JsonNode tester = payload(token("")), visitor = payload(token("--groups visitor")),
                    noGroups = payload(token("--groups ''"));
            int port = Integer.parseInt(listener.substring(listener.indexOf('_') + 1));
            Map<String, Boolean> expected = new LinkedHashMap<>();
            expected.put("no token GET /", true);
            expected.put("no token GET /api/weather?city=beijing", true);
            expected.put("no token GET /actuator/health", false);
            expected.put("no token GET /actuator", false);
            expected.put("tester GET /actuator/health", true);
            expected.put("tester GET /actuator/prometheus", true);
            expected.put("tester GET /", true);
            expected.put("visitor GET /actuator/info", false);
            expected.put("visitor GET /", true);
            expected.put("no groups GET /actuator/info", false);
            Map<String, JsonNode> tokens = new LinkedHashMap<>();
            tokens.put("no token", null);
            tokens.put("tester", tester);
            tokens.put("visitor", visitor);
            tokens.put("no groups", noGroups);
            Map<String, Boolean> actual = new LinkedHashMap<>();
            expected.keySet().forEach(request -> {
                String who = tokens.keySet().stream().filter(request::startsWith).reduce((a, b) -> b).orElseThrow();
                String path = request.substring(request.lastIndexOf(' ') + 1);
                JsonNode metadata = tokens.get(who) == null ? null
                        : (JsonNode) JSON.createObjectNode().set("payload", tokens.get(who));
                Request r = new Request(null, "GET", path, port, Map.of(), metadata);
                actual.put(request, RbacFilter.inChain(chain).stream().allMatch(filter -> filter.allows(r)));
            });
            actual.forEach((request, allowed) -> System.out
                .println("[istiod RBAC] gateway " + listener + ": " + (allowed ? "ALLOW " : "DENY  ") + request));
            assertThat(actual).as("what the gateway's RBAC filters on %s decide", listener).isEqualTo(expected);
        }
        // the tokens and the JWKS fit: what Envoy would verify
        JsonNode keys = read(jwks);
        assertThat(verifies(token(""), keys)).as("a tester token verifies against the JWKS").isTrue();
        String expired = token("--expired");
        assertThat(verifies(expired, keys)).isTrue();
        assertThat(payload(expired).path("exp").asLong()).as("but it expired")
            .isLessThan(System.currentTimeMillis() / 1000);
        String foreign = cluster.shell("other=$(mktemp -d) && JWT_DIR=$other/jwt scripts/security/tester-jwt.sh keys"
                + " && JWT_DIR=$other/jwt scripts/security/tester-jwt.sh token; status=$?; rm -rf \"$other\"; exit $status")
            .output()
            .strip();
        assertThat(foreign).isNotEmpty();
        assertThat(verifies(foreign, keys)).as("a token of another key does not verify").isFalse();
    }

    private static String token(String options) {
        LocalCluster.Result result = cluster.shell("scripts/security/tester-jwt.sh token " + options);
        assertThat(result.exitStatus()).as(result.errors()).isZero();
        return result.output().strip();
    }

    private static JsonNode payload(String token) {
        return read(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    /** RS256 verification of a compact JWS with the JWKS's key of the same kid. */
    static boolean verifies(String token, JsonNode jwks) {
        try {
            String[] parts = token.split("\\.");
            String kid = read(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)).path("kid")
                .asText();
            for (JsonNode key : jwks.path("keys")) {
                if (!key.path("kid").asText().equals(kid)) {
                    continue;
                }
                PublicKey publicKey = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(
                            new BigInteger(1, Base64.getUrlDecoder().decode(key.path("n").asText())),
                            new BigInteger(1, Base64.getUrlDecoder().decode(key.path("e").asText()))));
                Signature signature = Signature.getInstance("SHA256withRSA");
                signature.initVerify(publicKey);
                signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
                return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
            }
            return false;
        }
        catch (java.security.GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    // --- egress

    private static void unknownHostsGoToTheBlackHole(Proxies proxies) {
        for (String app : PORTS.keySet()) {
            ProxyConfig sidecar = proxies.sidecar(app);
            List<JsonNode> catchAll = sidecar.listenerChains("virtualOutbound")
                .stream()
                .filter(chain -> chain.path("name").asText().startsWith("virtualOutbound-catchall"))
                .toList();
            assertThat(catchAll).as("%s's outbound catch-all", app).isNotEmpty();
            assertThat(catchAll.toString()).contains("\"cluster\":\"BlackHoleCluster\"")
                .doesNotContain("PassthroughCluster");
            assertThat(sidecar.clusterNames()).contains("outbound|443||api.open-meteo.com");
        }
        // the ConfigMap watch of advertisement and recommendation goes to the API server
        for (String app : List.of("advertisement", "recommendation")) {
            assertThat(proxies.sidecar(app).clusterNames()).as("%s's clusters under REGISTRY_ONLY", app)
                .contains("outbound|443||kubernetes.default.svc.cluster.local");
        }
    }

    // --- unchanged for a visitor

    private static void pageAndCanaryUnchanged(Proxies proxies) {
        MeshState mesh = ClusterReplay.settled(cluster);
        assertThat(mesh.problems()).isEmpty();
        assertThat(mesh.forecastShares()).contains(Map.of("v2", 100));
        assertThat(mesh.pageRoute())
            .contains(List.of(new WeightedCluster("outbound|3000|v1|frontend." + MeshState.DOMAIN, 100)));
    }

    private static void probesAndMetricsGoToTheAgent() {
        for (JsonNode pod : cluster.kubectlJson("get pods -n " + NS).path("items")) {
            String name = pod.path("metadata").path("name").asText();
            String app = pod.path("metadata").path("labels").path("app").asText();
            JsonNode container = Stream.of(pod.path("spec").path("containers"))
                .flatMap(array -> java.util.stream.StreamSupport.stream(array.spliterator(), false))
                .filter(c -> c.path("name").asText().equals(app))
                .findFirst()
                .orElseThrow();
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                assertThat(get.path("port").asInt()).as("%s's %s", name, probe).isEqualTo(15020);
                assertThat(get.path("path").asText()).as("%s's %s", name, probe).startsWith("/app-health/" + app + "/");
            }
            JsonNode annotations = pod.path("metadata").path("annotations");
            assertThat(annotations.path("prometheus.io/port").asText()).as(name).isEqualTo("15020");
            assertThat(annotations.path("prometheus.io/path").asText()).as(name).isEqualTo("/stats/prometheus");
            String merged = Stream.of(pod.path("spec").path("initContainers"), pod.path("spec").path("containers"))
                .flatMap(array -> java.util.stream.StreamSupport.stream(array.spliterator(), false))
                .filter(c -> c.path("name").asText().equals("istio-proxy"))
                .flatMap(c -> java.util.stream.StreamSupport.stream(c.path("env").spliterator(), false))
                .filter(env -> env.path("name").asText().equals("ISTIO_PROMETHEUS_ANNOTATIONS"))
                .map(env -> env.path("value").asText())
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + ": the agent does not merge the app's metrics"));
            assertThat(read(merged)).as(name)
                .isEqualTo(read(
                        "{\"scrape\":\"true\",\"path\":\"/actuator/prometheus\",\"port\":\"" + PORTS.get(app) + "\"}"));
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /**
     * A call of the table: the caller's SPIFFE identity (null: no mTLS), the callee's
     * app, method and path, and whether the app's policies must allow it.
     */
    record Call(String caller, String callee, String method, String path, boolean allowed) {

        static Call allow(String caller, String callee, String method, String path) {
            return new Call(caller, callee, method, path, true);
        }

        static Call deny(String caller, String callee, String method, String path) {
            return new Call(caller, callee, method, path, false);
        }

        @Override
        public String toString() {
            String who = caller == null ? "(no mTLS identity)" : caller.substring(caller.indexOf("/ns/") + 4);
            return who + " -> " + callee + " " + method + " " + path + " (" + (allowed ? "allow" : "deny") + ")";
        }
    }

    /**
     * What istiod sends the sidecar of one pod of each app and the gateway, asked once
     * its answer is stable.
     */
    record Proxies(Map<String, ProxyConfig> sidecars, ProxyConfig gateway) {

        static Proxies settled(LocalCluster cluster) {
            ClusterReplay.settled(cluster);
            Proxies previous = of(cluster);
            for (int attempt = 0; attempt < 20; attempt++) {
                ClusterReplay.pause();
                Proxies next = of(cluster);
                if (next.sameAs(previous)) {
                    return next;
                }
                previous = next;
            }
            return previous;
        }

        private static Proxies of(LocalCluster cluster) {
            Map<String, ProxyConfig> sidecars = new LinkedHashMap<>();
            for (JsonNode pod : cluster.kubectlJson("get pods -n " + NS).path("items")) {
                String app = pod.path("metadata").path("labels").path("app").asText();
                if (!sidecars.containsKey(app) && pod.path("status").has("podIP")) {
                    sidecars.put(app, cluster.xds(NS, pod.path("metadata").path("name").asText()));
                }
            }
            JsonNode gateway = cluster.kubectlJson("get pods -n istio-system -l istio=ingressgateway")
                .path("items")
                .path(0);
            return new Proxies(sidecars, cluster.xds("istio-system", gateway.path("metadata").path("name").asText()));
        }

        private boolean sameAs(Proxies other) {
            return listeners().equals(other.listeners());
        }

        private List<JsonNode> listeners() {
            return Stream.concat(sidecars.values().stream(), Stream.of(gateway))
                .map(config -> (JsonNode) config.dump().path("listeners"))
                .toList();
        }

        ProxyConfig sidecar(String app) {
            return Optional.ofNullable(sidecars.get(app))
                .orElseThrow(() -> new AssertionError("no pod of " + app + " to ask istiod about"));
        }

        /**
         * Whether the callee's sidecar lets the call through: every RBAC filter of the
         * mTLS chain for its port allows it. A call without an mTLS identity is judged on
         * the plain-text chain, or refused when STRICT left none.
         */
        boolean allowed(Call call) {
            int port = PORTS.get(call.callee());
            List<JsonNode> chains = sidecar(call.callee()).inboundChains(port)
                .stream()
                .filter(chain -> mutualTls(chain) == (call.caller() != null))
                .toList();
            if (chains.isEmpty()) {
                return false;
            }
            Request request = new Request(call.caller(), call.method(), call.path(), port, Map.of(), null);
            return chains.stream()
                .allMatch(chain -> RbacFilter.inChain(chain).stream().allMatch(filter -> filter.allows(request)));
        }

        /** Every SPIFFE identity named in the callee's inbound RBAC filters. */
        Set<String> principalsNamed(String app) {
            Set<String> names = new TreeSet<>();
            for (JsonNode chain : sidecar(app).inboundChains(PORTS.get(app))) {
                for (RbacFilter filter : RbacFilter.inChain(chain)) {
                    filter.policies().values().forEach(policy -> collect(policy.path("principals"), names));
                }
            }
            return names;
        }

        private static void collect(JsonNode node, Set<String> names) {
            if (node.has("principal_name")) {
                names.add(node.path("principal_name").path("exact").asText());
            }
            node.elements().forEachRemaining(child -> collect(child, names));
        }

    }

}
