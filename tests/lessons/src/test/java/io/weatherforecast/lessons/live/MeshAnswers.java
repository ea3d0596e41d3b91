package io.weatherforecast.lessons.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.weatherforecast.lessons.live.MeshState.Pod;

/**
 * What istiod sends every proxy: the sidecar of each pod of the app and the ingress
 * gateway, asked over xDS, with the pods they were asked for. A scenario changes some of
 * them; its undo must give back the same answers.
 */
public record MeshAnswers(List<Pod> pods, Map<String, ProxyConfig> proxies) {

    static final String GATEWAY = "istio-ingressgateway";

    private static final List<String> SECTIONS = List.of("clusters", "listeners", "routes", "endpoints");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration SETTLE = Duration.ofSeconds(15);

    private static final Duration STABLE = Duration.ofSeconds(1);

    public static MeshAnswers of(LocalCluster cluster) {
        List<Pod> app = MeshState.pods(cluster.kubectlJson("get pods -n " + MeshState.NAMESPACE));
        List<Pod> gateway = MeshState.pods(cluster.kubectlJson("get pods -n istio-system -l istio=ingressgateway"));
        Map<String, ProxyConfig> proxies = new TreeMap<>();
        app.stream()
            .filter(pod -> pod.ip() != null)
            .forEach(pod -> proxies.put(pod.name(), cluster.xds(MeshState.NAMESPACE, pod.name())));
        gateway.stream()
            .filter(pod -> pod.ip() != null)
            .forEach(pod -> proxies.put(pod.name(), cluster.xds("istio-system", pod.name())));
        List<Pod> pods = new ArrayList<>(app);
        pods.addAll(gateway);
        return new MeshAnswers(List.copyOf(pods), Map.copyOf(proxies));
    }

    /**
     * istiod's answers once they have caught up: the same for a second in a row and
     * without problems, or the last ones seen after 15 s.
     */
    static MeshAnswers settled(LocalCluster cluster) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        MeshAnswers answers = of(cluster);
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            ClusterReplay.pause();
            MeshAnswers next = of(cluster);
            if (!next.pods.equals(answers.pods) || !next.normalized().equals(answers.normalized())) {
                stableSince = System.nanoTime();
            }
            answers = next;
            if (answers.problems().isEmpty() && System.nanoTime() - stableSince >= STABLE.toNanos()) {
                break;
            }
        }
        return answers;
    }

    /** The sidecar of the one pod of this app and version. */
    public ProxyConfig sidecar(String app, String version) {
        List<ProxyConfig> matching = pods.stream()
            .filter(pod -> app.equals(pod.labels().get("app")) && version.equals(pod.labels().get("version")))
            .map(pod -> proxies.get(pod.name()))
            .toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one pod of " + app + " " + version + " with a proxy, found "
                    + matching.size() + " among " + proxies.keySet());
        }
        return matching.getFirst();
    }

    public ProxyConfig gateway() {
        return proxies.values()
            .stream()
            .filter(config -> config.proxy().startsWith("istio-system/"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ingress gateway among " + proxies.keySet()));
    }

    /** The IPs of the pods of an app and version. */
    public List<String> ips(String app, String version) {
        return pods.stream()
            .filter(pod -> app.equals(pod.labels().get("app")) && version.equals(pod.labels().get("version")))
            .map(Pod::ip)
            .sorted()
            .toList();
    }

    /** See {@link MeshState#problems()}, for every proxy. */
    public List<String> problems() {
        return MeshState.problems(pods, List.copyOf(proxies.values()));
    }

    /**
     * What istiod sent each proxy, by the app and version of its pod (the gateway by its
     * app), with every pod IP written as the app and version of its pod: which pod of a
     * Deployment a scale-down keeps, and which IP a recreated pod gets, is Kubernetes'
     * choice and no difference in routing. Without the versions and nonces of the xDS
     * answers, and without the node (the pod's own name and IP).
     */
    Map<String, String> normalized() {
        Map<String, String> ipToPod = new TreeMap<>();
        Map<String, String> keys = new TreeMap<>();
        Map<String, Integer> seen = new TreeMap<>();
        for (Pod pod : pods) {
            String id = pod.labels().getOrDefault("app", "?") + " " + pod.labels().getOrDefault("version", "-");
            int n = seen.merge(id, 1, Integer::sum);
            String key = n == 1 ? id : id + " #" + n;
            keys.put(pod.name(), key);
            if (pod.ip() != null) {
                ipToPod.put(pod.ip(), id);
            }
        }
        Map<String, String> normalized = new TreeMap<>();
        proxies.forEach((name, config) -> {
            StringBuilder text = new StringBuilder();
            for (String section : SECTIONS) {
                text.append(section).append('=').append(config.dump().path(section)).append('\n');
            }
            String answer = text.toString();
            for (Map.Entry<String, String> ip : ipToPod.entrySet()) {
                answer = answer.replace("\"" + ip.getKey() + "\"", "\"pod " + ip.getValue() + "\"");
            }
            normalized.put(keys.get(name.substring(name.indexOf('/') + 1)), answer);
        });
        return normalized;
    }

    /**
     * Where these answers differ from {@code other}'s, named by proxy, section and
     * resource: empty when they are the same.
     */
    List<String> differencesFrom(MeshAnswers other) {
        Map<String, String> mine = normalized();
        Map<String, String> theirs = other.normalized();
        List<String> differences = new ArrayList<>();
        for (String proxy : new TreeSet<>(union(mine.keySet(), theirs.keySet()))) {
            if (!mine.containsKey(proxy) || !theirs.containsKey(proxy)) {
                differences.add(proxy + ": " + (mine.containsKey(proxy) ? "a proxy more" : "a proxy less"));
                continue;
            }
            if (mine.get(proxy).equals(theirs.get(proxy))) {
                continue;
            }
            JsonNode a = sections(mine.get(proxy));
            JsonNode b = sections(theirs.get(proxy));
            for (String section : SECTIONS) {
                for (Iterator<String> names = union(fields(a.path(section)), fields(b.path(section))).iterator(); names
                    .hasNext();) {
                    String resource = names.next();
                    if (!a.path(section).path(resource).equals(b.path(section).path(resource))) {
                        differences.add(proxy + ": " + section + " " + resource + " is "
                                + abbreviated(a.path(section).path(resource)) + ", was "
                                + abbreviated(b.path(section).path(resource)));
                    }
                }
            }
        }
        return differences;
    }

    private static JsonNode sections(String normalized) {
        var node = JSON.createObjectNode();
        normalized.lines().forEach(line -> {
            int equals = line.indexOf('=');
            try {
                node.set(line.substring(0, equals), JSON.readTree(line.substring(equals + 1)));
            }
            catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        });
        return node;
    }

    private static TreeSet<String> fields(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static TreeSet<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String abbreviated(JsonNode node) {
        String text = node.isMissingNode() ? "missing" : node.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

}
