package io.weatherforecast.lessons.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's canary meter, sent from a test: {@code GET /api/probe?city=CITY} through the
 * ingress gateway, as the page's "Send N requests" does (app.js, {@code probe}), counting
 * the version each answer names; an answer that is not 200 with a version counts as
 * {@value #FAILED}, as on the page.
 */
final class CanaryMeter {

    static final String FAILED = "failed";

    /**
     * How many requests are in flight at once: several, as the page's meter sends them.
     * The page keeps up to 8; every figure the pages quote from these tests was measured
     * with this many.
     */
    private static final int CONCURRENCY = 6;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI probe;

    private final Map<String, String> headers;

    CanaryMeter(String gateway, String city) {
        this(gateway, city, Map.of());
    }

    /**
     * Probes sent with these request headers, as a browser sends its User-Agent and
     * cookies (the page's "Send as user" sets the cookie {@code user}).
     */
    CanaryMeter(String gateway, String city, Map<String, String> headers) {
        this.probe = URI.create("http://" + gateway + "/api/probe?city=" + city);
        this.headers = Map.copyOf(headers);
    }

    /** Sends {@code n} probes; the count of answers per version (and failed). */
    Map<String, Integer> send(int n) {
        try (ExecutorService workers = Executors.newFixedThreadPool(CONCURRENCY)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(workers.submit(this::version));
            }
            Map<String, Integer> counts = new TreeMap<>();
            for (Future<String> answer : answers) {
                counts.merge(answer.get(), 1, Integer::sum);
            }
            return counts;
        }
        catch (Exception ex) {
            throw new IllegalStateException("the canary meter could not run", ex);
        }
    }

    private String version() {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(this.probe).timeout(Duration.ofSeconds(10)).GET();
            this.headers.forEach(request::header);
            HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String version = (response.statusCode() != 200) ? ""
                    : JSON.readTree(response.body()).path("version").asText("");
            return version.isEmpty() ? FAILED : version;
        }
        catch (IOException ex) {
            return FAILED;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    /**
     * The central interval of the binomial distribution of {@code n} trials with
     * probability {@code p} that holds the given probability mass: the counts the meter
     * can show without the split being wrong.
     */
    static Interval binomialInterval(int n, double p, double mass) {
        double tail = (1 - mass) / 2;
        double[] pmf = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            pmf[k] = Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
        }
        int low = 0;
        double below = 0;
        while (below + pmf[low] <= tail) {
            below += pmf[low++];
        }
        int high = n;
        double above = 0;
        while (above + pmf[high] <= tail) {
            above += pmf[high--];
        }
        return new Interval(low, high);
    }

    /**
     * What a canary-meter line means for {@code n} probes, one verdict per version: 100%
     * or 0% exactly, any other share within the binomial interval of {@code mass}.
     */
    static Map<String, Interval> expected(Map<String, Integer> shares, int n, double mass) {
        Map<String, Interval> expected = new TreeMap<>();
        shares.forEach((version, percent) -> expected.put(version, percent == 100 || percent == 0
                ? new Interval(n * percent / 100, n * percent / 100) : binomialInterval(n, percent / 100.0, mass)));
        return expected;
    }

    /** The answers' versions are those of the line, each count within its verdict. */
    static void assertShares(String when, Map<String, Integer> shares, Map<String, Integer> counts, int n,
            double mass) {
        assertThat(counts.keySet()).as("the versions that answered %s: %s", when, counts).isSubsetOf(shares.keySet());
        expected(shares, n, mass).forEach(
                (version, interval) -> assertThat(interval.contains(counts.getOrDefault(version, 0)))
                    .as("answers from %s %s: %s, expected %s (the %s%% binomial interval unless exact)", version, when,
                            counts, interval, mass * 100)
                    .isTrue());
    }

    private static double logChoose(int n, int k) {
        double sum = 0;
        for (int i = 1; i <= k; i++) {
            sum += Math.log(n - k + i) - Math.log(i);
        }
        return sum;
    }

    record Interval(int low, int high) {

        boolean contains(int count) {
            return this.low <= count && count <= this.high;
        }

        @Override
        public String toString() {
            return this.low == this.high ? "exactly " + this.low : "[" + this.low + ", " + this.high + "]";
        }
    }

}
