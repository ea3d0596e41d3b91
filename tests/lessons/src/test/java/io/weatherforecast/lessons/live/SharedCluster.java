package io.weatherforecast.lessons.live;

import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The on-cluster test classes' fixture: one {@link LocalCluster} per set of options of
 * {@code scripts/cluster.sh up} ({@link UpWith}), started for the first class that needs
 * it and reset ({@link LocalCluster#reset()}) for each later one, which then starts from
 * the state every chapter's first step names. One cluster runs at a time (a checkout has
 * one set of ports): a class with other options stops the running one, and {@link ByMode}
 * runs the classes of one set of options one after another. The last cluster stops when
 * JUnit closes the root store, after the last class.
 */
final class SharedCluster implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedCluster.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        List<String> options = options(context.getRequiredTestClass());
        LocalCluster shared = shared(context);
        long started = System.nanoTime();
        if (shared != null && shared.isUp() && shared.options().equals(options)) {
            shared.reset();
            log(context, "reset", options, started);
        }
        else {
            // up stops the cluster that runs; the last one stops when JUnit closes the
            // root store
            store(context).put(LocalCluster.class, LocalCluster.up(options));
            log(context, "up", options, started);
        }
    }

    private static void log(ExtensionContext context, String what, List<String> options, long started) {
        System.out.printf("[shared cluster] %s %s for %s in %.1f s%n", what, options,
                context.getRequiredTestClass().getSimpleName(), (System.nanoTime() - started) / 1e9);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalCluster.class;
    }

    @Override
    public LocalCluster resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    private static LocalCluster shared(ExtensionContext context) {
        return store(context).get(LocalCluster.class, LocalCluster.class);
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE);
    }

    static List<String> options(Class<?> testClass) {
        return AnnotationSupport.findAnnotation(testClass, UpWith.class)
            .map(up -> List.of(up.value()))
            .orElse(List.of());
    }

    /**
     * Orders the test classes by the options of their shared cluster, so that each one
     * starts once (junit-platform.properties), and those that start a cluster of their
     * own with {@link LocalCluster#up} after them.
     */
    public static final class ByMode implements ClassOrderer {

        @Override
        public void orderClasses(ClassOrdererContext context) {
            context.getClassDescriptors()
                .sort(Comparator
                    .comparing((ClassDescriptor descriptor) -> !OnLocalCluster.class
                        .isAssignableFrom(descriptor.getTestClass()))
                    .thenComparing(descriptor -> String.join(" ", options(descriptor.getTestClass()))));
        }

    }

}
