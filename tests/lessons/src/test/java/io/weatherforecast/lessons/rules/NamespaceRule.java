package io.weatherforecast.lessons.rules;

import io.fabric8.istio.api.api.type.v1beta1.WorkloadSelector;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.istio.api.security.v1.RequestAuthentication;
import io.fabric8.kubernetes.api.model.Secret;
import io.weatherforecast.lessons.cluster.Labels;

import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.weatherforecast.lessons.cluster.ClusterState;
import io.weatherforecast.lessons.cluster.References;
import io.weatherforecast.lessons.cluster.Resource;
import io.weatherforecast.lessons.schema.Problem;
import java.util.stream.Stream;

/**
 * The app lives in namespace weather, with sidecar injection; only what belongs to the
 * ingress gateway is in the ingress's namespace: the Gateway, the TLS Secrets of its
 * HTTPS servers, and the security policies that select the gateway.
 */
final class NamespaceRule implements Rule {

    static final String NAMESPACE = "weather";

    /** The labels of the pods of Istio's ingress gateway, as Istio installs it. */
    private static final java.util.Map<String, String> GATEWAY_LABELS = java.util.Map.of("app", "istio-ingressgateway",
            "istio", "ingressgateway");

    @Override
    public Stream<Problem> check(ClusterState state) {
        return Stream.concat(state.all(Namespace.class).stream().flatMap(NamespaceRule::injectsSidecars),
                state.all()
                    .stream()
                    .filter(resource -> resource.object() instanceof Namespaced)
                    .flatMap(resource -> inItsNamespace(state, resource)));
    }

    private static Stream<Problem> injectsSidecars(Resource<Namespace> namespace) {
        boolean injected = "enabled".equals(namespace.object().getMetadata().getLabels().get("istio-injection"));
        return injected ? Stream.empty() : Stream.of(new Problem(namespace.source(), "/metadata/labels",
                "lacks the label istio-injection: enabled, so its pods get no sidecar"));
    }

    private static Stream<Problem> inItsNamespace(ClusterState state, Resource<?> resource) {
        String expected = ofTheGateway(state, resource.object()) ? References.GATEWAY_NAMESPACE : NAMESPACE;
        return expected.equals(resource.namespace()) ? Stream.empty() : Stream.of(new Problem(resource.source(),
                "/metadata/namespace", "is in namespace '" + resource.namespace() + "', not '" + expected + "'"));
    }

    private static boolean ofTheGateway(ClusterState state, Object object) {
        return switch (object) {
            case Gateway ignored -> true;
            // the gateway reads the certificates of its HTTPS servers (credentialName)
            // only
            // from its own namespace
            case Secret secret -> "kubernetes.io/tls".equals(secret.getType());
            case AuthorizationPolicy policy -> selectsGateway(policy.getSpec().getSelector());
            case RequestAuthentication authentication -> selectsGateway(authentication.getSpec().getSelector());
            default -> false;
        };
    }

    private static boolean selectsGateway(WorkloadSelector selector) {
        return selector != null && selector.getMatchLabels() != null
                && Labels.matches(selector.getMatchLabels(), GATEWAY_LABELS);
    }

}
