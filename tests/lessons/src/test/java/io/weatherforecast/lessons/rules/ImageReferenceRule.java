package io.weatherforecast.lessons.rules;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.weatherforecast.lessons.cluster.ClusterState;
import io.weatherforecast.lessons.cluster.Resource;
import io.weatherforecast.lessons.schema.Problem;

/**
 * No image reference may resolve to a namespace on a public registry other than the
 * configured one ({@link Workload#IMAGE_REGISTRY}, the Maven property
 * {@code image.registry}). A reference is resolved as the container runtimes do
 * (distribution/reference): its first path component is a registry host only when it
 * holds a dot or a colon or is {@code localhost}; otherwise the image comes from Docker
 * Hub, so {@code weather/frontend:v1} is {@code docker.io/weather/frontend:v1}, a
 * namespace anybody could own. References to a registry on the node itself
 * ({@code localhost}, {@code 127.0.0.1}, {@code *.localhost}) are always fine: where the
 * image was not loaded they fail to pull instead of running a stranger's image. An image
 * of another project (fortio's load generator) is fine when its reference names its
 * registry ({@code docker.io/fortio/fortio:1.66.5}): that namespace was chosen, not
 * reached by default; one of this project's own images never is.
 */
public final class ImageReferenceRule implements Rule {

    @Override
    public Stream<Problem> check(ClusterState state) {
        return state.all(Deployment.class).stream().flatMap(ImageReferenceRule::images);
    }

    private static Stream<Problem> images(Resource<Deployment> deployment) {
        PodSpec pod = deployment.object().getSpec().getTemplate().getSpec();
        return Stream.concat(containers(deployment, pod.getInitContainers(), "initContainers"),
                containers(deployment, pod.getContainers(), "containers"));
    }

    private static Stream<Problem> containers(Resource<Deployment> deployment, List<Container> containers,
            String field) {
        List<Container> list = Objects.requireNonNullElse(containers, List.of());
        return IntStream.range(0, list.size())
            .boxed()
            .flatMap(i -> problem(list.get(i).getImage())
                .map(message -> new Problem(deployment.source(), "/spec/template/spec/" + field + "/" + i + "/image",
                        message))
                .stream());
    }

    /** What is wrong with an image reference, if anything. */
    public static Optional<String> problem(String image) {
        String resolved = resolve(image);
        if (local(resolved) || resolved.startsWith(resolve(Workload.IMAGE_REGISTRY + "/x").replaceAll("/x$", "/"))
                || (namesItsRegistry(image) && !ours(resolved))) {
            return Optional.empty();
        }
        return Optional.of("image '" + image + "' resolves to " + resolved
                + ", a namespace on a public registry that is" + " not the configured registry '"
                + Workload.IMAGE_REGISTRY + "' (image.registry in the root pom, or -Dimage.registry=...)");
    }

    /** The fully qualified reference: registry host, path, and tag or digest. */
    static String resolve(String image) {
        int slash = image.indexOf('/');
        if (namesItsRegistry(image)) {
            return image.startsWith("index.docker.io/") ? "docker.io" + image.substring(slash) : image;
        }
        return "docker.io/" + (slash < 0 ? "library/" : "") + image;
    }

    private static boolean namesItsRegistry(String image) {
        int slash = image.indexOf('/');
        String first = slash < 0 ? "" : image.substring(0, slash);
        return slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    }

    /** One of the images this project builds, whatever the registry and tag. */
    private static boolean ours(String resolved) {
        String repository = resolved.substring(resolved.lastIndexOf('/') + 1).replaceFirst("[:@].*$", "");
        return Workload.ALL.stream().anyMatch(workload -> workload.app().equals(repository));
    }

    private static boolean local(String resolved) {
        String host = resolved.substring(0, resolved.indexOf('/')).toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                || host.equals("[::1]");
    }

}
