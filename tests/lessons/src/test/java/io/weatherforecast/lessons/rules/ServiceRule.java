package io.weatherforecast.lessons.rules;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.weatherforecast.lessons.cluster.ClusterState;
import io.weatherforecast.lessons.cluster.References;
import io.weatherforecast.lessons.cluster.Resource;
import io.weatherforecast.lessons.schema.Problem;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every Service has one port named http with appProtocol http (Istio's protocol
 * selection), selects the pods of some Deployment, and its port and target port equal
 * their container port.
 */
final class ServiceRule implements Rule {

    @Override
    public Stream<Problem> check(ClusterState state) {
        var references = new References(state);
        return state.all(Service.class).stream().flatMap(service -> check(references, service));
    }

    private static Stream<Problem> check(References references, Resource<Service> service) {
        List<ServicePort> ports = service.object().getSpec().getPorts();
        if (ports.size() != 1 || !Containers.PORT_NAME.equals(ports.getFirst().getName())
                || !"http".equals(ports.getFirst().getAppProtocol())) {
            return Stream.of(new Problem(service.source(), "/spec/ports",
                    "needs exactly one port, named http with appProtocol http"));
        }
        List<Resource<Deployment>> deployments = references.selectedBy(service.namespace(), service.name());
        if (deployments.isEmpty()) {
            return Stream.of(new Problem(service.source(), "/spec/selector", "selects the pods of no Deployment"));
        }
        ServicePort port = ports.getFirst();
        return deployments.stream()
            .filter(deployment -> !samePort(port, Containers.httpPort(deployment.object())))
            .map(deployment -> new Problem(service.source(), "/spec/ports/0",
                    "port " + port.getPort() + " and targetPort " + port.getTargetPort().getValue()
                            + " must both equal the container port "
                            + Containers.httpPort(deployment.object()).map(String::valueOf).orElse("(none named http)")
                            + " of Deployment " + deployment.name()));
    }

    private static boolean samePort(ServicePort port, Optional<Integer> containerPort) {
        return containerPort.isPresent() && containerPort.get().equals(port.getPort())
                && containerPort.get().equals(port.getTargetPort().getIntVal());
    }

}
