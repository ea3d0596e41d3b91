package io.weatherforecast.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import io.weatherforecast.hostile.RawHttp;
import io.weatherforecast.hostile.RawHttp.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input against the services as real processes, over raw sockets so that nothing
 * normalises a request on the way: malformed encodings, numbers and bodies, long values,
 * too many parameters, odd methods, content types, headers and request lines, and a noisy
 * neighbour. Each request's class predicts its status (the table in the README's "Bad
 * input"); every answer must come within {@link #MAX_LATENCY}, be a problem detail
 * wherever the server can write one, show no stack trace and repeat at most
 * {@link #MAX_ECHO} characters of what was sent. Afterwards every service must be ready,
 * its resident memory at most {@link #MAX_RSS_GROWTH_MIB} MiB above what it was before,
 * and forecast v2 must still give advice to everybody. Prints the table per class and
 * writes it to target/hostile-input.txt.
 */
@Order(0)
@ExtendWith(SharedWeatherCluster.class)
class HostileInputIT {

    static final Duration MAX_LATENCY = Duration.ofSeconds(2);

    static final int MAX_ECHO = 64;

    static final long MAX_RSS_GROWTH_MIB = 128;

    private static final Pattern STACK_TRACE = Pattern
        .compile("Exception|\\tat |at org\\.|at java\\.|<html|<HTML|\"trace\"|\"timestamp\"");

    private static final String VALID_DAY = "{\"condition\":\"rain\",\"minTemperature\":8,\"maxTemperature\":14}";

    private static final String VALID_BODY = "{\"days\":[" + VALID_DAY + "]}";

    /** The GET endpoints of every service, with a valid query. */
    private static final List<Endpoint> GETS = List.of(new Endpoint("frontend", "/api/weather", "city=beijing&days=3"),
            new Endpoint("frontend", "/api/probe", "city=beijing"), new Endpoint("frontend", "/api/cities", ""),
            new Endpoint("forecast-v1", "/weather", "city=beijing&days=3"), new Endpoint("forecast-v1", "/cities", ""),
            new Endpoint("forecast-v2", "/weather", "city=beijing&days=3"), new Endpoint("forecast-v2", "/cities", ""),
            new Endpoint("advertisement", "/ad", "city=beijing"));

    private static final Endpoint PAGE = new Endpoint("frontend", "/", "");

    private static final Endpoint HEALTH = new Endpoint("frontend", "/actuator/health", "");

    private static final Endpoint RECOMMEND = new Endpoint("recommendation", "/recommendations", "");

    @Test
    void everyServiceAnswersHostileInputWithABoundedProblemAndStaysHealthy(WeatherCluster cluster) throws Exception {
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        cluster.services().forEach(service -> services.put(service.name(), service));
        warmUp(services);
        Map<String, Long> rssBefore = rss(services);

        List<Hostile> requests = requests();
        Map<String, ClassReport> reports = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Hostile request : requests) {
            Answer answer = RawHttp.send(services.get(request.service()).port(), request.bytes());
            reports.computeIfAbsent(request.kind(), ClassReport::new).add(request, answer);
            failures.addAll(check(request, answer));
        }

        List<String> neighbour = noisyNeighbour(services.get("frontend"), reports);
        failures.addAll(neighbour);
        Map<String, Long> rssAfter = rss(services);
        services.values().forEach(service -> {
            Answer ready = RawHttp.send(service.port(), http("GET", "/actuator/health/readiness", "", ""));
            if (ready.status() != 200 || !service.isAlive()) {
                failures.add(service.name() + " is not ready afterwards: " + ready.status());
            }
        });

        String table = table(reports, rssBefore, rssAfter);
        System.out.println(table);
        Path report = ServiceProcess.ROOT.resolve("tests/e2e/target/hostile-input.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, table);

        assertThat(requests).hasSizeGreaterThanOrEqualTo(500);
        assertThat(failures).as("failed checks (table:%n%s)", table).isEmpty();
        rssBefore.forEach((name, before) -> {
            Long after = rssAfter.get(name);
            if (before != null && after != null) {
                assertThat(after - before).as("RSS growth of %s in MiB", name).isLessThanOrEqualTo(MAX_RSS_GROWTH_MIB);
            }
        });
    }

    // ---- the classes of hostile requests --------------------------------------------

    static List<Hostile> requests() {
        List<Hostile> all = new ArrayList<>();
        percentEncoding(all);
        pathParameters(all);
        numbers(all);
        longValues(all);
        parameters(all);
        methods(all);
        contentTypes(all);
        bodies(all);
        headers(all);
        requestLines(all);
        return all;
    }

    /**
     * Malformed percent-encoding in every parameter of every GET endpoint; an endpoint
     * that takes no parameter never reads the query and answers 200.
     */
    private static void percentEncoding(List<Hostile> all) {
        List<String> bad = List.of("%zz", "%ff%fe", "beijing%", "%", "%0", "%g1", "%%41", "%c0%af");
        for (Endpoint endpoint : GETS) {
            for (String value : bad) {
                if (endpoint.query().isEmpty()) {
                    all.add(get("percent-encoding", endpoint, "x=" + value, "", Set.of(200), null));
                }
                for (String name : endpoint.parameterNames()) {
                    all.add(get("percent-encoding", endpoint, endpoint.with(name, value), "", Set.of(400), null));
                }
            }
        }
    }

    /**
     * Path parameters ({@code ;name=value} after a segment) on every GET endpoint and the
     * POST one: a malformed escape in them is refused, parameters with or without values
     * are ignored, and an encoded {@code ;} or {@code /} is no separator (Tomcat refuses
     * an encoded slash; an encoded semicolon is part of the segment, a path that does not
     * exist).
     */
    private static void pathParameters(List<Hostile> all) {
        Map<String, Set<Integer>> suffixes = new LinkedHashMap<>();
        for (String malformed : List.of(";jsessionid=%zz", ";x=%zz", ";x=%", ";x=%4", ";%zz", ";%zz=1", ";a=1;b=%g1")) {
            suffixes.put(malformed, Set.of(400));
        }
        for (String ignored : List.of(";", ";x", ";x=", ";x=1", ";jsessionid=abc", ";a=1;b", ";x=%41")) {
            suffixes.put(ignored, Set.of(200));
        }
        suffixes.put("%2F", Set.of(400));
        suffixes.put("%2fx", Set.of(400));
        suffixes.put("%3Bx=1", Set.of(404));
        suffixes.put("%3b", Set.of(404));
        for (Endpoint endpoint : GETS) {
            suffixes.forEach((suffix,
                    expected) -> all.add(new Hostile("path-parameters", endpoint.service(),
                            http("GET",
                                    endpoint.path() + suffix
                                            + (endpoint.query().isEmpty() ? "" : "?" + endpoint.query()),
                                    "", ""),
                            expected, null, true)));
        }
        suffixes.forEach((suffix, expected) -> all
            .add(post("path-parameters", new Endpoint(RECOMMEND.service(), RECOMMEND.path() + suffix, ""),
                    "Content-Type: application/json\r\n", VALID_BODY, expected, null)));
    }

    /** days that are no plain decimal number from 1 to 7. */
    private static void numbers(List<Hostile> all) {
        List<String> bad = List.of("0x3", "+3", "%2B3", "%D9%A3", "%EF%BC%93", "1e3", "3.0", "0", "8", "-1", "-0",
                "99999999999", "00000000003", "%203", "3%20", "%233", "3abc", "%E2%80%8B3", "three");
        for (Endpoint endpoint : GETS) {
            if (endpoint.parameterNames().contains("days")) {
                for (String value : bad) {
                    all.add(get("numbers", endpoint, endpoint.with("days", value), "", Set.of(400), null));
                }
            }
        }
    }

    /** Unknown cities, long ones among them, which the answer must not repeat in full. */
    private static void longValues(List<Hostile> all) {
        for (Endpoint endpoint : GETS) {
            if (endpoint.parameterNames().contains("city")) {
                for (int length : List.of(65, 500, 3000, 7000)) {
                    String city = "Q".repeat(length);
                    all.add(get("long-values", endpoint, endpoint.with("city", city), "", Set.of(404), city));
                }
                for (String city : List.of("%E5%8C%97%E4%BA%AC", "%F0%9F%98%80", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                        "..%2F..%2Fetc%2Fpasswd", "BEIJING", "beijing%20")) {
                    all.add(get("long-values", endpoint, endpoint.with("city", city), "", Set.of(404), null));
                }
            }
        }
    }

    /** More parameters than server.tomcat.max-parameter-count, and a missing one. */
    private static void parameters(List<Hostile> all) {
        for (Endpoint endpoint : GETS) {
            if (endpoint.query().isEmpty()) {
                continue;
            }
            for (int count : List.of(51, 1000, 1100)) {
                String many = IntStream.range(0, count).mapToObj(i -> "p" + i + "=1").collect(Collectors.joining("&"));
                all.add(get("parameters", endpoint, endpoint.query() + "&" + many, "", Set.of(400), null));
            }
            all.add(get("parameters", endpoint, endpoint.query().replaceAll("city=[a-z]+&?", ""), "", Set.of(400),
                    null));
        }
    }

    /** Methods that no endpoint supports, unknown ones and a 5,000-character one. */
    private static void methods(List<Hostile> all) {
        List<Endpoint> endpoints = new ArrayList<>(GETS);
        endpoints.add(PAGE);
        endpoints.add(HEALTH);
        List<String> methods = List.of("TRACE", "FOO", "PUT", "DELETE", "PATCH", "PROPFIND", "get", "M-SEARCH",
                "A".repeat(5000));
        for (Endpoint endpoint : endpoints) {
            for (String method : methods) {
                String token = (method.length() > MAX_ECHO) ? method : null;
                all.add(new Hostile("methods", endpoint.service(),
                        http(method, endpoint.target(endpoint.query()), "", ""), Set.of(405), token, true));
            }
            all.add(new Hostile("methods", endpoint.service(),
                    http("CONNECT", endpoint.target(endpoint.query()), "", ""), Set.of(400, 405, 501), null, true));
        }
        for (String method : List.of("GET", "TRACE", "FOO", "PUT", "DELETE", "PATCH", "get", "A".repeat(5000))) {
            all.add(new Hostile("methods", RECOMMEND.service(), http(method, RECOMMEND.path(), "", ""), Set.of(405),
                    method.length() > MAX_ECHO ? method : null, true));
        }
    }

    /** Bodies of types no endpoint reads, and bodies sent to GET endpoints. */
    private static void contentTypes(List<Hostile> all) {
        String form = IntStream.range(0, 2000).mapToObj(i -> "f" + i + "=1").collect(Collectors.joining("&"));
        String longType = "application/" + "Q".repeat(3000);
        Map<String, Set<Integer>> types = new LinkedHashMap<>();
        types.put("text/plain", Set.of(415));
        types.put("application/xml", Set.of(415));
        types.put("application/*", Set.of(415));
        types.put("*/*", Set.of(415));
        types.put("multipart/form-data", Set.of(415));
        types.put("multipart/form-data; boundary=xyz", Set.of(415));
        types.put("application/x-www-form-urlencoded", Set.of(415));
        types.put(longType, Set.of(415));
        types.put("not a media type", Set.of(415));
        types.put("application/json; charset=bogus", Set.of(400, 415));
        for (Map.Entry<String, Set<Integer>> type : types.entrySet()) {
            all.add(post("content-types", RECOMMEND, "Content-Type: " + type.getKey() + "\r\n", VALID_BODY,
                    type.getValue(), type.getKey().equals(longType) ? longType : null));
        }
        all.add(post("content-types", RECOMMEND, "", VALID_BODY, Set.of(415), null));
        all.add(post("content-types", RECOMMEND, "Content-Type: application/x-www-form-urlencoded\r\n", form,
                Set.of(413), null));
        for (Endpoint endpoint : GETS) {
            all.add(get("content-types", endpoint, endpoint.query(), "Content-Type: application/*\r\n", Set.of(415),
                    null));
            all.add(post("content-types", endpoint, "Content-Type: multipart/form-data\r\n", "abc", Set.of(405), null));
            all.add(post("content-types", endpoint, "Content-Type: application/x-www-form-urlencoded\r\n", form,
                    Set.of(400, 405, 413), null));
        }
    }

    /** POST /recommendations with bodies that are no valid request, or too large. */
    private static void bodies(List<Hostile> all) {
        String json = "Content-Type: application/json\r\n";
        Map<String, Integer> bodies = new LinkedHashMap<>();
        for (String body : List.of("", "{", "[]", "null", "\"days\"", "{\"days\":", "{\"days\":[1]}", "{}",
                "{\"days\":[]}", "{\"days\":null}", "{\"days\":\"rain\"}", VALID_BODY + " []", VALID_BODY + "x",
                "{\"days\":[{\"condition\":0,\"minTemperature\":8,\"maxTemperature\":14}]}",
                "{\"days\":[{\"condition\":\"RAIN\",\"minTemperature\":8,\"maxTemperature\":14}]}",
                "{\"days\":[{\"condition\":\"rain\",\"minTemperature\":8.5,\"maxTemperature\":14}]}",
                "{\"days\":[{\"condition\":\"rain\",\"minTemperature\":\"8\",\"maxTemperature\":14}]}",
                "{\"days\":[{\"condition\":\"rain\",\"minTemperature\":null,\"maxTemperature\":14}]}",
                "{\"days\":[{\"condition\":\"rain\",\"minTemperature\":true,\"maxTemperature\":14}]}",
                "{\"days\":[{\"condition\":\"rain\",\"minTemperature\":1e400,\"maxTemperature\":14}]}",
                "{\"days\":[{\"condition\":\"rain\",\"minTemperature\":99999999999,\"maxTemperature\":14}]}",
                "{\"days\":[{\"condition\":\"rain\",\"minTemperature\":20,\"maxTemperature\":14}]}",
                "{\"days\":[{\"condition\":\"rain\",\"minTemperature\":-100,\"maxTemperature\":14}]}",
                "{\"days\":[" + String.join(",", Collections.nCopies(15, VALID_DAY)) + "]}",
                "{\"days\":" + "[".repeat(2000) + "]".repeat(2000) + "}", "{\"a\":".repeat(600) + "1" + "}".repeat(600),
                "{\"days\":[{\"condition\":\"" + "Q".repeat(3000)
                        + "\",\"minTemperature\":8,\"maxTemperature\":14}]}")) {
            bodies.put(body, 400);
        }
        for (Map.Entry<String, Integer> body : bodies.entrySet()) {
            String token = body.getKey().contains("QQQQ") ? "Q".repeat(3000) : null;
            all.add(post("bodies", RECOMMEND, json, body.getKey(), Set.of(body.getValue()), token));
        }
        byte[] invalidUtf8 = "{\"days\":[{\"condition\":\"ra\u00ffin\",\"minTemperature\":8,\"maxTemperature\":14}]}"
            .getBytes(StandardCharsets.ISO_8859_1);
        all.add(new Hostile("bodies", RECOMMEND.service(),
                concat(http("POST", RECOMMEND.path(), json + "Content-Length: " + invalidUtf8.length + "\r\n", ""),
                        invalidUtf8),
                Set.of(400), null, true));
        // over the 4 KB limit: declared, sent in full, chunked, and a declared 70 MB of
        // which 1 KB is sent
        String large = "{\"days\":[" + String.join(",", Collections.nCopies(80, VALID_DAY)) + "]}";
        all.add(post("bodies", RECOMMEND, json, large, Set.of(413), null));
        all.add(post("bodies", RECOMMEND, json, "{\"days\":[{\"condition\":\"" + "Q".repeat(5000) + "\"}]}",
                Set.of(413), "Q".repeat(5000)));
        all.add(new Hostile("bodies", RECOMMEND.service(),
                http("POST", RECOMMEND.path(), json + "Transfer-Encoding: chunked\r\n",
                        Integer.toHexString(large.length()) + "\r\n" + large + "\r\n0\r\n\r\n"),
                Set.of(413), null, true));
        all.add(new Hostile("bodies", RECOMMEND.service(),
                http("POST", RECOMMEND.path(), json + "Content-Length: 70000000\r\n", "[".repeat(1024)), Set.of(413),
                null, true));
    }

    /**
     * Header lines Tomcat must refuse, too many or too large headers, an Accept it cannot
     * meet.
     */
    private static void headers(List<Hostile> all) {
        List<Endpoint> targets = List.of(GETS.get(0), PAGE, GETS.get(3), GETS.get(7), GETS.get(5));
        Map<String, Set<Integer>> variants = new LinkedHashMap<>();
        variants.put("X-Big: " + "Q".repeat(9000) + "\r\n", Set.of(400));
        variants.put("Cookie: " + "Q".repeat(8500) + "\r\n", Set.of(400));
        variants.put(IntStream.range(0, 120).mapToObj(i -> "X-H" + i + ": v\r\n").collect(Collectors.joining()),
                Set.of(400));
        variants.put("X-Nul: a\0b\r\n", Set.of(400));
        variants.put("No colon here\r\n", Set.of(400));
        variants.put("Bad Name: x\r\n", Set.of(400));
        // Tomcat unfolds an obsolete line folding, and takes the chunked coding over a
        // Content-Length (RFC 9112
        // allows both)
        variants.put("X-Folded: a\r\n  continued\r\n", Set.of(200));
        variants.put("Content-Length: abc\r\n", Set.of(400));
        variants.put("Content-Length: -5\r\n", Set.of(400));
        variants.put("Content-Length: 0\r\nContent-Length: 5\r\n", Set.of(400));
        variants.put("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n", Set.of(200));
        variants.put("Transfer-Encoding: gzip\r\n", Set.of(501));
        variants.put("Host: second\r\n", Set.of(400));
        variants.put("Accept: text/csv\r\n", Set.of(406));
        for (Endpoint endpoint : targets) {
            for (Map.Entry<String, Set<Integer>> variant : variants.entrySet()) {
                String token = variant.getKey().contains("QQQQ") ? "Q".repeat(8500) : null;
                all.add(get("headers", endpoint, endpoint.query(), variant.getKey(), variant.getValue(), token));
            }
            all.add(new Hostile("headers", endpoint.service(),
                    ("GET " + endpoint.target(endpoint.query()) + " HTTP/1.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1),
                    Set.of(400), null, true));
        }
    }

    /** Request lines that are no HTTP/1.1 request line. */
    private static void requestLines(List<Hostile> all) {
        List<Endpoint> targets = List.of(GETS.get(0), PAGE, GETS.get(3), GETS.get(7), GETS.get(5));
        for (Endpoint endpoint : targets) {
            String target = endpoint.target(endpoint.query());
            Map<String, Set<Integer>> lines = new LinkedHashMap<>();
            lines.put("GET " + target + " HTTP/9.9", Set.of(505));
            lines.put("GET " + target + " HTTP/1", Set.of(400, 505));
            lines.put("GET " + target + " http/1.1", Set.of(400, 505));
            lines.put("GET " + (target.equals("/") ? "index.html" : target.substring(1)) + " HTTP/1.1", Set.of(400));
            lines.put("GET " + endpoint.path() + "/a b HTTP/1.1", Set.of(400));
            lines.put("GET " + endpoint.path() + "?x=<> HTTP/1.1", Set.of(400));
            lines.put("GET " + endpoint.path() + "{x} HTTP/1.1", Set.of(400));
            lines.put("GET " + target + "#fragment HTTP/1.1", Set.of(400));
            // Tomcat skips extra spaces and tabs between the parts of the request line
            lines.put("GET  " + target + " HTTP/1.1", Set.of(200));
            lines.put("GET\t" + target + " HTTP/1.1", Set.of(200));
            lines.put("GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1", Set.of(400));
            lines.put("GET /" + "Q".repeat(9000) + " HTTP/1.1", Set.of(400, 414));
            lines.put("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003", Set.of(400));
            for (Map.Entry<String, Set<Integer>> line : lines.entrySet()) {
                byte[] bytes = (line.getKey() + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
                String token = line.getKey().contains("QQQQ") ? "Q".repeat(9000) : null;
                all.add(new Hostile("request-lines", endpoint.service(), bytes, line.getValue(), token, true));
            }
        }
    }

    /**
     * 30 page requests with a 7.5 KB cookie, then ordinary ones: forecast v2 must still
     * give advice (issue 12: the cookie was propagated and opened the recommendation
     * breaker for every user).
     */
    private static List<String> noisyNeighbour(ServiceProcess frontend, Map<String, ClassReport> reports) {
        List<String> failures = new ArrayList<>();
        String cookie = "Cookie: session=" + "Q".repeat(7500) + "\r\n";
        for (int i = 0; i < 30; i++) {
            byte[] request = http("GET", "/api/weather?city=harbin&days=3", cookie, "");
            Answer answer = RawHttp.send(frontend.port(), request);
            reports.computeIfAbsent("noisy-neighbour", ClassReport::new)
                .add(new Hostile("noisy-neighbour", "frontend", request, Set.of(200), null, false), answer);
            if (answer.status() != 200) {
                failures.add("noisy neighbour: " + answer.status() + " " + cut(answer.body()));
            }
        }
        int v2Pages = 0;
        for (int i = 0; i < 20; i++) {
            Answer answer = RawHttp.send(frontend.port(), http("GET", "/api/weather?city=harbin&days=3", "", ""));
            JsonNode page = new Api.Response(answer.status(), answer.contentType(), answer.body()).json();
            if ("v2".equals(page.at("/forecast/servedBy/version").asString())) {
                v2Pages++;
                if (!"available".equals(page.at("/forecast/recommendations").asString())) {
                    failures.add("after the noisy neighbour, forecast v2 gave no advice: " + cut(answer.body()));
                }
            }
        }
        if (v2Pages == 0) {
            failures.add("no page of 20 was served by forecast v2");
        }
        return failures;
    }

    // ---- checks -----------------------------------------------------------------------

    private static List<String> check(Hostile request, Answer answer) {
        List<String> failures = new ArrayList<>();
        String what = request.kind() + " " + request.label();
        if (!request.expected().contains(answer.status())) {
            failures
                .add(what + ": expected " + request.expected() + ", was " + answer.status() + " " + cut(answer.body()));
        }
        if (answer.status() >= 400 && request.problem()
                && (!answer.isProblem() || !answer.body().contains("\"status\":" + answer.status()))) {
            failures.add(what + ": not a problem detail: " + answer.contentType() + " " + cut(answer.body()));
        }
        Matcher trace = STACK_TRACE.matcher(answer.body());
        if (answer.status() >= 400 && trace.find()) {
            failures.add(what + ": shows '" + trace.group() + "': " + cut(answer.body()));
        }
        if (request.token() != null && answer.body().contains(request.token().substring(0, MAX_ECHO + 1))) {
            failures.add(what + ": repeats more than " + MAX_ECHO + " characters of the request");
        }
        if (answer.latency().compareTo(MAX_LATENCY) > 0) {
            failures.add(what + ": answered in " + answer.latency().toMillis() + " ms");
        }
        return failures;
    }

    // ---- requests
    // -----------------------------------------------------------------------

    private static Hostile get(String kind, Endpoint endpoint, String query, String headers, Set<Integer> expected,
            String token) {
        return new Hostile(kind, endpoint.service(), http("GET", endpoint.target(query), headers, ""), expected, token,
                true);
    }

    private static Hostile post(String kind, Endpoint endpoint, String headers, String body, Set<Integer> expected,
            String token) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new Hostile(kind, endpoint.service(),
                concat(http("POST", endpoint.path(), headers + "Content-Length: " + bytes.length + "\r\n", ""), bytes),
                expected, token, true);
    }

    static byte[] http(String method, String target, String headers, String body) {
        return (method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Connection: close\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] head, byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head);
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }

    private static String cut(String text) {
        return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
    }

    // ---- memory and the report
    // ----------------------------------------------------------

    /** A few valid requests first, so that "before" is a service that has served. */
    private static void warmUp(Map<String, ServiceProcess> services) {
        for (int i = 0; i < 20; i++) {
            for (Endpoint endpoint : GETS) {
                RawHttp.send(services.get(endpoint.service()).port(),
                        http("GET", endpoint.target(endpoint.query()), "", ""));
            }
            RawHttp.send(services.get(RECOMMEND.service()).port(),
                    concat(http("POST", RECOMMEND.path(),
                            "Content-Type: application/json\r\nContent-Length: " + VALID_BODY.length() + "\r\n", ""),
                            VALID_BODY.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** VmRSS of each service's JVM in MiB, from /proc (none where there is no /proc). */
    private static Map<String, Long> rss(Map<String, ServiceProcess> services) {
        Map<String, Long> rss = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            try {
                Files.readAllLines(Path.of("/proc", Long.toString(service.pid()), "status"))
                    .stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .findFirst()
                    .ifPresent(line -> rss.put(name, Long.parseLong(line.replaceAll("\\D", "")) / 1024));
            }
            catch (IOException noProc) {
                // not Linux: no memory figures
            }
        });
        return rss;
    }

    private static String table(Map<String, ClassReport> reports, Map<String, Long> before, Map<String, Long> after) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
        int total = reports.values().stream().mapToInt(report -> report.count).sum();
        out.printf("Hostile input: %d requests over raw sockets, worst latency allowed %d ms, echo at most %d "
                + "characters%n%n", total, MAX_LATENCY.toMillis(), MAX_ECHO);
        out.println("| Class | Requests | Predicted | Answers | Problem details | Worst latency |");
        out.println("|---|---|---|---|---|---|");
        reports.values()
            .forEach(report -> out.printf("| %s | %d | %s | %s | %d | %d ms |%n", report.kind, report.count,
                    report.predicted.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                    report.statuses.entrySet()
                        .stream()
                        .map(entry -> entry.getKey() + " × " + entry.getValue())
                        .collect(Collectors.joining(", ")),
                    report.problems, report.worst.toMillis()));
        out.println();
        out.println("| Service | RSS before | RSS after |");
        out.println("|---|---|---|");
        before.forEach((name, mib) -> out.printf("| %s | %d MiB | %s MiB |%n", name, mib, after.get(name)));
        return text.toString(StandardCharsets.UTF_8);
    }

    record Endpoint(String service, String path, String query) {

        List<String> parameterNames() {
            return this.query.isEmpty() ? List.of()
                    : List.of(this.query.split("&")).stream().map(pair -> pair.split("=")[0]).toList();
        }

        /** The query with one parameter's value replaced, as written (no encoding). */
        String with(String name, String value) {
            return List.of(this.query.split("&"))
                .stream()
                .map(pair -> pair.startsWith(name + "=") ? name + "=" + value : pair)
                .collect(Collectors.joining("&"));
        }

        String target(String query) {
            return query.isEmpty() ? this.path : this.path + "?" + query;
        }

    }

    /**
     * One hostile request: its class, the service it goes to, its bytes, the statuses its
     * class predicts, a long value the answer must not repeat, and whether a problem
     * detail is due.
     */
    record Hostile(String kind, String service, byte[] bytes, Set<Integer> expected, String token, boolean problem) {

        String label() {
            String line = new String(this.bytes, 0, Math.min(this.bytes.length, 160), StandardCharsets.ISO_8859_1);
            int end = line.indexOf("\r\n");
            return this.service + " '" + ((end > 0) ? line.substring(0, Math.min(end, 100)) : line) + "'";
        }

    }

    static final class ClassReport {

        final String kind;

        int count;

        int problems;

        final Map<Integer, Integer> statuses = new TreeMap<>();

        final Set<Integer> predicted = new java.util.TreeSet<>();

        Duration worst = Duration.ZERO;

        ClassReport(String kind) {
            this.kind = kind;
        }

        void add(Hostile request, Answer answer) {
            this.count++;
            this.predicted.addAll(request.expected());
            this.statuses.merge(answer.status(), 1, Integer::sum);
            if (answer.isProblem()) {
                this.problems++;
            }
            if (answer.latency().compareTo(this.worst) > 0) {
                this.worst = answer.latency();
            }
        }

    }

}
