package io.weatherforecast.lessons.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a document and its model, written back, differ: what the model coerced or
 * dropped.
 */
final class TreeDiff {

    private final List<String> alreadyReported;

    private final List<StrictIstioReader.Located> differences = new ArrayList<>();

    private TreeDiff(List<String> alreadyReported) {
        this.alreadyReported = alreadyReported;
    }

    static List<StrictIstioReader.Located> differences(JsonNode written, JsonNode bound, List<String> alreadyReported) {
        var diff = new TreeDiff(alreadyReported);
        diff.compare("", written, bound);
        return diff.differences;
    }

    private void compare(String path, JsonNode written, JsonNode bound) {
        if (alreadyReported.stream().anyMatch(reported -> path.equals(reported) || path.startsWith(reported + "/"))) {
            return;
        }
        if (bound == null || bound.isMissingNode() || bound.isNull()) {
            if (!isEmptyContainer(written)) {
                report(path, "'" + path.substring(path.lastIndexOf('/') + 1) + ": " + text(written) + "' is not"
                        + " understood here: a misspelled field, or a value the field does not allow");
            }
        }
        else if (written.isObject() && bound.isObject()) {
            written.properties()
                .forEach(field -> compare(path + "/" + escape(field.getKey()), field.getValue(),
                        bound.get(field.getKey())));
        }
        else if (written.isArray() && bound.isArray() && written.size() == bound.size()) {
            for (int i = 0; i < written.size(); i++) {
                compare(path + "/" + i, written.get(i), bound.get(i));
            }
        }
        else if (written.isNumber() && bound.isNumber()) {
            if (written.decimalValue().compareTo(bound.decimalValue()) != 0) {
                report(path, "expected a whole number, got " + written);
            }
        }
        else if (written.getNodeType() != bound.getNodeType()) {
            report(path, "wrong type: expected " + typeOf(bound) + ", got " + typeOf(written) + " " + written
                    + (written.isTextual() && bound.isNumber() ? " (a quoted number)" : ""));
        }
        else if (!written.equals(bound)) {
            report(path, "'" + written + "' is read as '" + bound + "'");
        }
    }

    private void report(String path, String message) {
        differences.add(new StrictIstioReader.Located(path, message));
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : node.toString();
    }

    private static boolean isEmptyContainer(JsonNode node) {
        return node.isContainerNode() && node.isEmpty();
    }

    private static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    /** JSON pointer escaping (RFC 6901), as in Jackson's own paths. */
    private static String escape(String field) {
        return field.replace("~", "~0").replace("/", "~1");
    }

}
