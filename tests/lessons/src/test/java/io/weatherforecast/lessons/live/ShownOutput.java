package io.weatherforecast.lessons.live;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Compares what a command printed with what the tutorial shows, where it is stable: pod
 * names lose their generated suffixes, ages and column padding go, and kubectl 1.37's
 * longer delete message reads as the shorter one of older versions. A YAML output the
 * tutorial shortens must contain the shown lines in a row; any other output must equal
 * it.
 */
final class ShownOutput {

    private static final Pattern POD_SUFFIX = Pattern.compile("\\b([a-z0-9-]+?)-[a-z0-9]{8,10}-[a-z0-9]{5}\\b");

    private static final Pattern AGE = Pattern.compile("\\s+\\d+[smhd](\\d+[smh])?$");

    private static final Pattern DELETED_FROM = Pattern.compile(" deleted from \\S+ namespace$");

    private ShownOutput() {
    }

    /**
     * A message saying how the output differs from the tutorial, or null when it matches.
     */
    static String difference(String command, String shown, String printed) {
        if (command.contains("-o yaml")) {
            List<String> expected = shown.strip().lines().map(String::stripTrailing).toList();
            List<String> actual = printed.lines().map(String::stripTrailing).toList();
            return java.util.Collections.indexOfSubList(actual, expected) >= 0 ? null
                    : "the output does not contain the lines the tutorial shows:\n" + shown + "\nprinted:\n" + printed;
        }
        List<String> expected = normalized(shown);
        List<String> actual = normalized(printed);
        return actual.equals(expected) ? null : "the tutorial shows\n" + String.join("\n", expected)
                + "\nbut it printed\n" + String.join("\n", actual);
    }

    static List<String> normalized(String output) {
        return output.strip()
            .lines()
            .map(line -> POD_SUFFIX.matcher(line).replaceAll("$1-*"))
            .map(line -> AGE.matcher(line).replaceAll(""))
            .map(line -> DELETED_FROM.matcher(line).replaceAll(" deleted"))
            .map(line -> line.strip().replaceAll("\\s+", " "))
            .toList();
    }

}
