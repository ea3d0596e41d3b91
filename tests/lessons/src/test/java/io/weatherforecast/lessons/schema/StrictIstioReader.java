package io.weatherforecast.lessons.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Binds an Istio document to fabric8's Istio model strictly. fabric8 keeps unknown fields
 * in an "additional properties" map and coerces "50" to 50, so this reader (1) hides that
 * map from Jackson and records every unknown field, unparseable value and unknown enum
 * constant instead of failing on the first, then (2) compares the document with the model
 * written back, which shows what the model silently coerced or dropped (quoted numbers,
 * misspelled members of Istio's one-of fields such as {@code uri: {prefx: /}} or
 * {@code loadBalancer: {simple: ROUND_RUBIN}}).
 */
final class StrictIstioReader {

    private final ObjectMapper mapper = JsonMapper.builder()
        .annotationIntrospector(new JacksonAnnotationIntrospector() {
            @Override
            public Boolean hasAnySetter(Annotated annotated) {
                return Boolean.FALSE;
            }
        })
        .addModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                    BeanDescription description, JsonDeserializer<?> deserializer) {
                return new StrictEnumDeserializer(type.getRawClass(), deserializer);
            }
        }))
        .build();

    List<Problem> problems(ManifestDocument document, Class<?> type) {
        var recorder = new ProblemRecorder();
        Object model;
        try {
            model = mapper.readerFor(type).withHandler(recorder).readValue(mapper.treeAsTokens(document.tree()));
        }
        catch (IOException e) {
            return List.of(Problem.of(document, e.getMessage()));
        }
        List<Problem> problems = new ArrayList<>();
        recorder.found.forEach(found -> problems.add(new Problem(document, found.path(), found.message())));
        List<String> reported = recorder.found.stream().map(Located::path).toList();
        TreeDiff.differences(document.tree(), mapper.valueToTree(model), reported)
            .forEach(found -> problems.add(new Problem(document, found.path(), found.message())));
        return problems;
    }

    record Located(String path, String message) {
    }

    /**
     * fabric8's Istio enums turn an unknown name into null; this reports it as the
     * invalid value it is.
     */
    private static final class StrictEnumDeserializer extends StdDeserializer<Object> {

        private final JsonDeserializer<?> delegate;

        StrictEnumDeserializer(Class<?> type, JsonDeserializer<?> delegate) {
            super(type);
            this.delegate = delegate;
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object value = delegate.deserialize(parser, context);
            return value != null ? value : context.handleWeirdStringValue(handledType(), parser.getText(),
                    "expected one of " + Arrays.toString(handledType().getEnumConstants()));
        }

    }

    /**
     * Records each problem where Jackson found it and lets the binding go on, so that all
     * are reported.
     */
    private static final class ProblemRecorder extends DeserializationProblemHandler {

        private final List<Located> found = new ArrayList<>();

        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                JsonDeserializer<?> deserializer, Object bean, String field) throws IOException {
            String known = deserializer == null ? ""
                    : ", expected one of " + new TreeSet<>(deserializer.getKnownPropertyNames());
            found.add(new Located(path(parser), "unknown field '" + field + "'" + known));
            parser.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext context, Class<?> type, String value,
                String failure) {
            found.add(new Located(path(context.getParser()), "invalid value '" + value + "': " + failure));
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext context, Class<?> type, Number value,
                String failure) {
            found.add(new Located(path(context.getParser()), "invalid value " + value + ": " + failure));
            return null;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext context, JavaType type, JsonToken token,
                JsonParser parser, String failure) throws IOException {
            found.add(new Located(path(parser),
                    "wrong type: expected " + type.getRawClass().getSimpleName() + ", got " + describe(token)));
            parser.skipChildren();
            return null;
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext context, Class<?> type,
                ValueInstantiator instantiator, JsonParser parser, String failure) throws IOException {
            found.add(new Located(path(parser),
                    "wrong type: expected " + type.getSimpleName() + ", got " + describe(parser.currentToken())));
            parser.skipChildren();
            return null;
        }

        private static String path(JsonParser parser) {
            return parser.getParsingContext().pathAsPointer().toString();
        }

        private static String describe(JsonToken token) {
            return switch (token) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "a list";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                default -> String.valueOf(token);
            };
        }

    }

}
