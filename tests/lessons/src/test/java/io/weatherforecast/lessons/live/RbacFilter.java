package io.weatherforecast.lessons.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Envoy RBAC filter as istiod writes it ({@code envoy.filters.http.rbac} or
 * {@code envoy.filters.network.rbac}), evaluated for a request the way Envoy does: an
 * ALLOW filter lets a request through when some policy matches it, a DENY filter stops it
 * when some policy matches; a policy matches when one of its permissions and one of its
 * principals match. Only what istiod generates for the project's policies is understood;
 * anything else fails the evaluation instead of being guessed.
 */
public record RbacFilter(String name, String action, Map<String, JsonNode> policies) {

    static RbacFilter of(JsonNode filter) {
        JsonNode config = filter.path("typed_config");
        JsonNode rules = config.path("rules");
        Map<String, JsonNode> policies = new java.util.LinkedHashMap<>();
        rules.path("policies").fields().forEachRemaining(e -> policies.put(e.getKey(), e.getValue()));
        if (config.has("matcher")) {
            throw new IllegalStateException("an RBAC filter with a matcher tree is not understood: " + config);
        }
        return new RbacFilter(filter.path("name").asText(), rules.path("action").asText("ALLOW"), policies);
    }

    /** Whether this filter lets the request through. */
    public boolean allows(Request request) {
        boolean matched = policies.values().stream().anyMatch(policy -> matches(policy, request));
        return switch (action) {
            case "ALLOW" -> matched;
            case "DENY" -> !matched;
            default -> throw new IllegalStateException("RBAC action " + action + " is not understood");
        };
    }

    /** The names of the policies that match the request. */
    public List<String> matching(Request request) {
        return policies.entrySet().stream().filter(e -> matches(e.getValue(), request)).map(Map.Entry::getKey).toList();
    }

    private static boolean matches(JsonNode policy, Request request) {
        return elements(policy.path("permissions")).anyMatch(p -> permission(p, request))
                && elements(policy.path("principals")).anyMatch(p -> principal(p, request));
    }

    static boolean permission(JsonNode rule, Request request) {
        if (rule.has("any")) {
            return rule.path("any").asBoolean();
        }
        if (rule.has("and_rules")) {
            return elements(rule.path("and_rules").path("rules")).allMatch(r -> permission(r, request));
        }
        if (rule.has("or_rules")) {
            return elements(rule.path("or_rules").path("rules")).anyMatch(r -> permission(r, request));
        }
        if (rule.has("not_rule")) {
            return !permission(rule.path("not_rule"), request);
        }
        if (rule.has("header")) {
            return header(rule.path("header"), request);
        }
        if (rule.has("url_path")) {
            return stringMatch(rule.path("url_path").path("path"), request.pathWithoutQuery());
        }
        if (rule.has("destination_port")) {
            return rule.path("destination_port").asInt() == request.port();
        }
        throw new IllegalStateException("RBAC permission not understood: " + rule);
    }

    static boolean principal(JsonNode id, Request request) {
        if (id.has("any")) {
            return id.path("any").asBoolean();
        }
        if (id.has("and_ids")) {
            return elements(id.path("and_ids").path("ids")).allMatch(i -> principal(i, request));
        }
        if (id.has("or_ids")) {
            return elements(id.path("or_ids").path("ids")).anyMatch(i -> principal(i, request));
        }
        if (id.has("not_id")) {
            return !principal(id.path("not_id"), request);
        }
        if (id.has("authenticated")) {
            // Envoy: a connection without a verified peer certificate matches no
            // authenticated principal
            return request.peerPrincipal() != null
                    && stringMatch(id.path("authenticated").path("principal_name"), request.peerPrincipal());
        }
        if (id.has("header")) {
            return header(id.path("header"), request);
        }
        if (id.has("metadata")) {
            return metadata(id.path("metadata"), request);
        }
        throw new IllegalStateException("RBAC principal not understood: " + id);
    }

    private static boolean header(JsonNode header, Request request) {
        String name = header.path("name").asText();
        String value = switch (name) {
            case ":method" -> request.method();
            case ":path" -> request.path();
            default -> request.headers().get(name);
        };
        boolean result;
        if (header.has("present_match")) {
            result = (value != null) == header.path("present_match").asBoolean();
        }
        else if (header.has("string_match")) {
            result = value != null && stringMatch(header.path("string_match"), value);
        }
        else {
            throw new IllegalStateException("RBAC header matcher not understood: " + header);
        }
        return header.path("invert_match").asBoolean() != result;
    }

    /** Envoy's MetadataMatcher on the dynamic metadata the JWT filter writes. */
    private static boolean metadata(JsonNode matcher, Request request) {
        if (!"envoy.filters.http.jwt_authn".equals(matcher.path("filter").asText())) {
            throw new IllegalStateException("RBAC metadata of another filter is not understood: " + matcher);
        }
        JsonNode value = request.jwtMetadata();
        for (JsonNode key : matcher.path("path")) {
            if (value == null || !value.isObject() || !value.has(key.path("key").asText())) {
                return matcher.path("invert").asBoolean();
            }
            value = value.path(key.path("key").asText());
        }
        return matcher.path("invert").asBoolean() != valueMatch(matcher.path("value"), value);
    }

    private static boolean valueMatch(JsonNode matcher, JsonNode value) {
        if (matcher.has("or_match")) {
            return elements(matcher.path("or_match").path("value_matchers")).anyMatch(m -> valueMatch(m, value));
        }
        if (matcher.has("list_match")) {
            return value.isArray() && elements(value)
                .anyMatch(element -> valueMatch(matcher.path("list_match").path("one_of"), element));
        }
        if (matcher.has("string_match")) {
            return value.isTextual() && stringMatch(matcher.path("string_match"), value.asText());
        }
        if (matcher.has("present_match")) {
            return matcher.path("present_match").asBoolean();
        }
        throw new IllegalStateException("RBAC metadata value matcher not understood: " + matcher);
    }

    static boolean stringMatch(JsonNode matcher, String value) {
        boolean ignoreCase = matcher.path("ignore_case").asBoolean();
        String actual = ignoreCase ? value.toLowerCase(java.util.Locale.ROOT) : value;
        if (matcher.has("exact")) {
            return actual.equals(lower(matcher.path("exact").asText(), ignoreCase));
        }
        if (matcher.has("prefix")) {
            return actual.startsWith(lower(matcher.path("prefix").asText(), ignoreCase));
        }
        if (matcher.has("suffix")) {
            return actual.endsWith(lower(matcher.path("suffix").asText(), ignoreCase));
        }
        if (matcher.has("contains")) {
            return actual.contains(lower(matcher.path("contains").asText(), ignoreCase));
        }
        if (matcher.has("safe_regex")) {
            return Pattern.compile(matcher.path("safe_regex").path("regex").asText()).matcher(value).matches();
        }
        throw new IllegalStateException("string matcher not understood: " + matcher);
    }

    private static String lower(String text, boolean ignoreCase) {
        return ignoreCase ? text.toLowerCase(java.util.Locale.ROOT) : text;
    }

    private static java.util.stream.Stream<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    /** Every RBAC filter of a filter chain: network filters first, then the HTTP ones. */
    public static List<RbacFilter> inChain(JsonNode chain) {
        List<RbacFilter> filters = new ArrayList<>();
        for (JsonNode filter : chain.path("filters")) {
            if (filter.path("name").asText().equals("envoy.filters.network.rbac")) {
                filters.add(of(filter));
            }
        }
        for (JsonNode filter : chain.path("filters")) {
            for (JsonNode http : filter.path("typed_config").path("http_filters")) {
                if (http.path("name").asText().equals("envoy.filters.http.rbac")) {
                    filters.add(of(http));
                }
            }
        }
        return filters;
    }

    /**
     * A request as the RBAC filters see it: the peer's verified SPIFFE identity (null
     * without mutual TLS), method, path with its query, the listener's port, other
     * headers, and the JWT filter's metadata ({@code {"payload": {...claims}}}, null
     * without a valid token).
     */
    public record Request(String peerPrincipal, String method, String path, int port, Map<String, String> headers,
            JsonNode jwtMetadata) {

        String pathWithoutQuery() {
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }
    }

}
