package io.weatherforecast.lessons.live;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Compares the screen of {@code kubectl argo rollouts get rollout} with the one a page
 * shows, masking only what differs from run to run: the pod-template hashes in the names
 * of ReplicaSets, AnalysisRuns and pods, the pods' generated suffixes, ages, IP addresses
 * and the column padding; the colours, which the plugin writes as ANSI escapes also when
 * its output is no terminal, go. Status, strategy, step, weights, images, replicas and
 * the tree of revisions with their objects and statuses must be the same.
 */
final class PluginScreen {

    /** The alphabet of Kubernetes' generated name parts (k8s.io/apimachinery's rand). */
    private static final String GENERATED = "[bcdfghjklmnpqrstvwxz2456789]";

    private static final Pattern COLOUR = Pattern.compile("\u001B\\[[0-9;]*m");

    private static final Pattern HASH = Pattern.compile("-" + GENERATED + "{8,10}\\b");

    private static final Pattern POD_SUFFIX = Pattern.compile("-\\*-" + GENERATED + "{5}\\b");

    private static final Pattern AGE = Pattern.compile("\\b\\d+[smhd](\\d+[smh])?\\b");

    private static final Pattern IP = Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b");

    private PluginScreen() {
    }

    static List<String> masked(String screen) {
        return screen.strip()
            .lines()
            .map(line -> COLOUR.matcher(line).replaceAll(""))
            .map(line -> HASH.matcher(line).replaceAll("-*"))
            .map(line -> POD_SUFFIX.matcher(line).replaceAll("-*-*"))
            .map(line -> AGE.matcher(line).replaceAll("*"))
            .map(line -> IP.matcher(line).replaceAll("*"))
            .map(line -> line.strip().replaceAll("\\s+", " "))
            .toList();
    }

}
