package io.weatherforecast.liveconfig.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The objects of the project's {@code k8s/} directory, parsed by fabric8 from the files
 * themselves (never a copy), selected by kind and name.
 */
public final class ProjectManifests {

    private final List<HasMetadata> objects;

    private ProjectManifests(List<HasMetadata> objects) {
        this.objects = objects;
    }

    /** Every document of every {@code k8s/*.yaml} but the kustomization. */
    public static ProjectManifests load(KubernetesClient client) {
        try (Stream<Path> files = Files.list(root().resolve("k8s"))) {
            return new ProjectManifests(files.filter(file -> file.toString().endsWith(".yaml"))
                .filter(file -> !file.getFileName().toString().equals("kustomization.yaml"))
                .sorted()
                .flatMap(file -> read(client, file).stream())
                .toList());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<HasMetadata> read(KubernetesClient client, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return client.load(in).items();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The project's root: the system property {@code weather.root}, or the first
     * directory upwards from the working directory that holds {@code services.txt} and
     * {@code k8s/}.
     */
    static Path root() {
        String root = System.getProperty("weather.root");
        if (root != null && !root.isBlank()) {
            return Path.of(root);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("services.txt")) && Files.isDirectory(dir.resolve("k8s"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "No project root (services.txt and k8s/) above " + Path.of("").toAbsolutePath());
    }

    public <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public <T extends HasMetadata> T one(Class<T> kind, String name) {
        return find(kind, name).orElseThrow(() -> new IllegalStateException(
                "No " + kind.getSimpleName() + " named " + name + " in " + root().resolve("k8s")));
    }

    public <T extends HasMetadata> Optional<T> find(Class<T> kind, String name) {
        return all(kind).stream().filter(object -> name.equals(object.getMetadata().getName())).findFirst();
    }

    /**
     * What a service that reads its ConfigMap brings along: its namespace, its
     * ServiceAccount, the RoleBindings of that account and their Roles, and its
     * ConfigMap.
     */
    public List<HasMetadata> accessAndConfigurationOf(String service) {
        ServiceAccount account = one(ServiceAccount.class, service);
        String namespace = account.getMetadata().getNamespace();
        List<RoleBinding> bindings = all(RoleBinding.class).stream()
            .filter(binding -> binding.getSubjects()
                .stream()
                .anyMatch(subject -> "ServiceAccount".equals(subject.getKind()) && service.equals(subject.getName())))
            .toList();
        Set<String> roles = Set.copyOf(bindings.stream().map(binding -> binding.getRoleRef().getName()).toList());
        return Stream
            .of(Stream.of(one(Namespace.class, namespace)), Stream.of(account),
                    all(Role.class).stream().filter(role -> roles.contains(role.getMetadata().getName())),
                    bindings.stream(), Stream.of(one(ConfigMap.class, service)))
            .flatMap(objects -> objects)
            .map(HasMetadata.class::cast)
            .toList();
    }

}
