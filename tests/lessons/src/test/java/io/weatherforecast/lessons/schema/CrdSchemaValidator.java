package io.weatherforecast.lessons.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Strict checks of documents of custom kinds against the structural schema
 * (openAPIV3Schema) of their CustomResourceDefinitions, as the projects ship them (Argo
 * Rollouts' manifests/crds, the Gateway API's standard channel): unknown fields, types,
 * {@code x-kubernetes-int-or-string}, enums, required fields, minimum and maximum,
 * lengths and item counts. Every problem of the document is reported. Not checked: the
 * CRDs' CEL rules ({@code x-kubernetes-validations}) and patterns, which the API server
 * evaluates (the live tests apply every file with a strict server-side dry run).
 */
public final class CrdSchemaValidator {

    /**
     * The CRDs are large (Argo Rollouts' five together about 3 MB): above SnakeYAML's 3
     * MB default.
     */
    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().loaderOptions(loaderOptions()).build());

    /** "group/version kind" to the schema of that served version. */
    private final Map<String, JsonNode> schemas = new HashMap<>();

    public CrdSchemaValidator(List<Path> crdFiles) {
        for (Path file : crdFiles) {
            try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                while (documents.hasNext()) {
                    JsonNode crd = documents.next();
                    if (crd == null || !"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                        continue;
                    }
                    String group = crd.path("spec").path("group").asText();
                    String kind = crd.path("spec").path("names").path("kind").asText();
                    for (JsonNode version : crd.path("spec").path("versions")) {
                        if (version.path("served").asBoolean()) {
                            schemas.put(group + "/" + version.path("name").asText() + " " + kind,
                                    version.path("schema").path("openAPIV3Schema"));
                        }
                    }
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit(32 * 1024 * 1024);
        return options;
    }

    public boolean knows(ManifestDocument document) {
        return schemas.containsKey(document.apiVersion() + " " + document.kind());
    }

    public Optional<List<Problem>> validate(ManifestDocument document) {
        JsonNode schema = schemas.get(document.apiVersion() + " " + document.kind());
        if (schema == null) {
            return Optional.empty();
        }
        List<Problem> problems = new ArrayList<>();
        check(document, schema, document.tree(), "", problems);
        return Optional.of(problems);
    }

    private static void check(ManifestDocument document, JsonNode schema, JsonNode value, String path,
            List<Problem> problems) {
        if (value.isNull() && schema.path("nullable").asBoolean()) {
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                problems.add(new Problem(document, path, "expected an integer or a string, got " + describe(value)));
            }
            return;
        }
        String type = schema.path("type").asText();
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(new Problem(document, path, "expected an object, got " + describe(value)));
                    return;
                }
                object(document, schema, value, path, problems);
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(new Problem(document, path, "expected an array, got " + describe(value)));
                    return;
                }
                if (schema.has("maxItems") && value.size() > schema.path("maxItems").asInt()) {
                    problems.add(new Problem(document, path,
                            "at most " + schema.path("maxItems").asInt() + " items, has " + value.size()));
                }
                if (schema.has("minItems") && value.size() < schema.path("minItems").asInt()) {
                    problems.add(new Problem(document, path,
                            "at least " + schema.path("minItems").asInt() + " items, has " + value.size()));
                }
                for (int i = 0; i < value.size(); i++) {
                    check(document, schema.path("items"), value.get(i), path + "/" + i, problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(new Problem(document, path, "expected a string, got " + describe(value)));
                    return;
                }
                int length = value.asText().codePointCount(0, value.asText().length());
                if (schema.has("maxLength") && length > schema.path("maxLength").asInt()) {
                    problems.add(new Problem(document, path, "longer than " + schema.path("maxLength").asInt()));
                }
                if (schema.has("minLength") && length < schema.path("minLength").asInt()) {
                    problems.add(new Problem(document, path, "shorter than " + schema.path("minLength").asInt()));
                }
            }
            case "integer", "number" -> {
                if (type.equals("integer") ? !value.isIntegralNumber() : !value.isNumber()) {
                    problems.add(new Problem(document, path, "expected "
                            + (type.equals("integer") ? "an integer" : "a number") + ", got " + describe(value)));
                    return;
                }
                BigDecimal number = value.decimalValue();
                if (schema.has("minimum") && number.compareTo(schema.path("minimum").decimalValue()) < 0) {
                    problems.add(new Problem(document, path, "less than the minimum " + schema.path("minimum")));
                }
                if (schema.has("maximum") && number.compareTo(schema.path("maximum").decimalValue()) > 0) {
                    problems.add(new Problem(document, path, "more than the maximum " + schema.path("maximum")));
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(new Problem(document, path, "expected a boolean, got " + describe(value)));
                }
            }
            default -> {
                // no type: x-kubernetes-preserve-unknown-fields or an embedded resource
            }
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.path("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(new Problem(document, path, describe(value) + " is not one of " + schema.path("enum")));
            }
        }
    }

    private static void object(ManifestDocument document, JsonNode schema, JsonNode value, String path,
            List<Problem> problems) {
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(new Problem(document, path, "missing required field '" + required.asText() + "'"));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = path + "/" + field.getKey();
            if (properties.has(field.getKey())) {
                if (!path.isEmpty() || !field.getKey().equals("metadata")) {
                    check(document, properties.path(field.getKey()), field.getValue(), fieldPath, problems);
                }
            }
            else if (additional.isObject()) {
                check(document, additional, field.getValue(), fieldPath, problems);
            }
            else if (!preserveUnknown && !(path.isEmpty() && field.getKey().equals("metadata"))) {
                List<String> known = new ArrayList<>();
                properties.fieldNames().forEachRemaining(known::add);
                problems.add(new Problem(document, fieldPath,
                        "unknown field '" + field.getKey() + "', expected one of " + known.stream().sorted().toList()));
            }
        }
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "a string \"" + value.asText() + "\"";
        }
        if (value.isNumber()) {
            return "a number " + value;
        }
        if (value.isBoolean()) {
            return "a boolean " + value;
        }
        return value.isArray() ? "an array" : value.isObject() ? "an object" : value.toString();
    }

}
