package io.weatherforecast.lessons.schema;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.schema.validator.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.Validator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict checks of one document: Kubernetes kinds against the Kubernetes OpenAPI schema
 * that fabric8 ships (unknown fields, types, enums, required fields), Istio kinds by
 * strict binding to fabric8's Istio model. Every problem of the document is reported, not
 * only the first.
 */
public final class SchemaValidator {

    /**
     * Kubernetes takes a number or a string for these (x-kubernetes-int-or-string), but
     * the schema fabric8 ships types them as strings only.
     */
    private static final Set<String> INT_OR_STRING_SCHEMAS = Set.of(
            "/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString",
            "/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity");

    private static final String INTEGER_INSTANCE = "Instance type (integer)";

    private static final Pattern KUBERNETES_MESSAGE = Pattern.compile("\\[Path '([^']*)'\\] (.*)", Pattern.DOTALL);

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** Loading the schema takes seconds, so every validator shares one. */
    private static final Validator KUBERNETES = Validator.newInstance();

    private final StrictIstioReader istio = new StrictIstioReader();

    public List<Problem> validate(ManifestDocument document) {
        if (!document.tree().isObject()) {
            return List.of(Problem.of(document, "not a YAML mapping"));
        }
        if (document.apiVersion().isEmpty() || document.kind().isEmpty()) {
            return List.of(Problem.of(document, "apiVersion and kind are required"));
        }
        Class<?> type = modelClass(document);
        if (type == GenericKubernetesResource.class) {
            return List.of(new Problem(document, "/kind",
                    "unknown kind '" + document.kind() + "' in apiVersion '" + document.apiVersion() + "'"));
        }
        if (type.getPackageName().startsWith("io.fabric8.istio.")) {
            return istio.problems(document, type);
        }
        return KUBERNETES.validate(document.tree())
            .getMessages()
            .stream()
            .filter(message -> message.getLevel() == ValidationMessage.Level.ERROR)
            .filter(message -> !isIntegerForIntOrString(message))
            .map(message -> kubernetesProblem(document, message.getMessage()))
            .toList();
    }

    /** The fabric8 model class registered for the document's apiVersion and kind. */
    private Class<?> modelClass(ManifestDocument document) {
        var typeOnly = JsonNodeFactory.instance.objectNode()
            .put("apiVersion", document.apiVersion())
            .put("kind", document.kind());
        return serialization.unmarshal(typeOnly.toString(), KubernetesResource.class).getClass();
    }

    private static boolean isIntegerForIntOrString(ValidationMessage message) {
        return INT_OR_STRING_SCHEMAS.contains(message.getSchema()) && message.getMessage().contains(INTEGER_INSTANCE);
    }

    private static Problem kubernetesProblem(ManifestDocument document, String message) {
        Matcher located = KUBERNETES_MESSAGE.matcher(message);
        return located.matches() ? new Problem(document, located.group(1), located.group(2))
                : Problem.of(document, message);
    }

}
