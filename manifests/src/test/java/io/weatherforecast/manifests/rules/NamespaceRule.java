package io.weatherforecast.manifests.rules;

import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.weatherforecast.manifests.cluster.ClusterState;
import io.weatherforecast.manifests.cluster.References;
import io.weatherforecast.manifests.cluster.Resource;
import io.weatherforecast.manifests.schema.Problem;
import java.util.stream.Stream;

/**
 * The app lives in namespace weather, with sidecar injection; only the Gateway is in the
 * ingress's namespace.
 */
final class NamespaceRule implements Rule {

    static final String NAMESPACE = "weather";

    @Override
    public Stream<Problem> check(ClusterState state) {
        return Stream.concat(state.all(Namespace.class).stream().flatMap(NamespaceRule::injectsSidecars),
                state.all()
                    .stream()
                    .filter(resource -> resource.object() instanceof Namespaced)
                    .flatMap(NamespaceRule::inItsNamespace));
    }

    private static Stream<Problem> injectsSidecars(Resource<Namespace> namespace) {
        boolean injected = "enabled".equals(namespace.object().getMetadata().getLabels().get("istio-injection"));
        return injected ? Stream.empty() : Stream.of(new Problem(namespace.source(), "/metadata/labels",
                "lacks the label istio-injection: enabled, so its pods get no sidecar"));
    }

    private static Stream<Problem> inItsNamespace(Resource<?> resource) {
        String expected = resource.object() instanceof Gateway ? References.GATEWAY_NAMESPACE : NAMESPACE;
        return expected.equals(resource.namespace()) ? Stream.empty() : Stream.of(new Problem(resource.source(),
                "/metadata/namespace", "is in namespace '" + resource.namespace() + "', not '" + expected + "'"));
    }

}
