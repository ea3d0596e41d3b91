package io.weatherforecast.lessons.rules;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Optional;

/**
 * The app's container of a Deployment (the only one in the manifests; Istio adds its
 * sidecar) and its port.
 */
final class Containers {

    static final String PORT_NAME = "http";
    static final String PATH = "/spec/template/spec/containers/0";

    private Containers() {
    }

    static Container app(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    static Optional<Integer> httpPort(Deployment deployment) {
        return app(deployment).getPorts()
            .stream()
            .filter(port -> PORT_NAME.equals(port.getName()))
            .map(ContainerPort::getContainerPort)
            .findFirst();
    }

}
