package io.weatherforecast.lessons.tutorial;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A kubectl command of the tutorial, as far as it changes the cluster. */
public sealed interface Command {

    /** Verbs that only look. */
    Set<String> READ_ONLY = Set.of("get", "describe", "wait", "logs", "rollout", "port-forward", "top");

    String line();

    /** {@code kubectl apply -f FILE... [-n NAMESPACE]} */
    record ApplyFiles(String line, List<Path> files, Optional<String> namespace) implements Command {
    }

    /** {@code kubectl apply -k DIRECTORY} */
    record ApplyKustomization(String line, Path directory) implements Command {
    }

    /** {@code kubectl delete KIND NAME -n NAMESPACE} */
    record Delete(String line, String kind, String name, String namespace) implements Command {
    }

    /** {@code kubectl delete -f FILE...}: every object of the files, as written there. */
    record DeleteFiles(String line, List<Path> files) implements Command {
    }

    /** {@code kubectl scale KIND NAME --replicas=N -n NAMESPACE} */
    record Scale(String line, String kind, String name, int replicas, String namespace) implements Command {
    }

    record ReadOnly(String line) implements Command {
    }

    /**
     * @throws IllegalArgumentException for anything else, so that the tutorial cannot say
     * what the test ignores
     */
    static Command parse(String line) {
        List<String> words = Arrays.asList(line.trim().split("\\s+"));
        if (words.size() < 2 || !words.getFirst().equals("kubectl")) {
            throw new IllegalArgumentException("not a kubectl command: " + line);
        }
        String verb = words.get(1);
        if (READ_ONLY.contains(verb)) {
            return new ReadOnly(line);
        }
        List<String> rest = words.subList(2, words.size());
        return switch (verb) {
            case "apply" -> apply(line, Options.of(rest, line));
            case "delete" -> delete(line, Options.of(rest, line));
            case "scale" -> scale(line, Options.of(rest, line));
            default -> throw new IllegalArgumentException("the tutorial test cannot model: " + line);
        };
    }

    private static Command apply(String line, Options options) {
        return options.values("-k").isEmpty()
                ? new ApplyFiles(line, options.values("-f").stream().map(Path::of).toList(), options.value("-n"))
                : new ApplyKustomization(line, Path.of(options.values("-k").getFirst()));
    }

    private static Command delete(String line, Options options) {
        if (!options.values("-f").isEmpty()) {
            if (!options.arguments().isEmpty() || options.value("-n").isPresent()) {
                throw new IllegalArgumentException("expected kubectl delete -f FILE...: " + line);
            }
            return new DeleteFiles(line, options.values("-f").stream().map(Path::of).toList());
        }
        if (options.arguments().size() != 2 || options.value("-n").isEmpty()) {
            throw new IllegalArgumentException("expected kubectl delete KIND NAME -n NAMESPACE: " + line);
        }
        return new Delete(line, options.arguments().get(0), options.arguments().get(1), options.value("-n").get());
    }

    private static Command scale(String line, Options options) {
        if (options.arguments().size() != 2 || options.value("-n").isEmpty() || options.value("--replicas").isEmpty()) {
            throw new IllegalArgumentException("expected kubectl scale KIND NAME --replicas=N -n NAMESPACE: " + line);
        }
        try {
            return new Scale(line, options.arguments().get(0), options.arguments().get(1),
                    Integer.parseInt(options.value("--replicas").get()), options.value("-n").get());
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("--replicas takes a whole number: " + line, ex);
        }
    }

    /**
     * The flags -f, -k and -n with their values, --replicas=N, and the other arguments in
     * order.
     */
    record Options(List<Flag> flags, List<String> arguments) {

        private static final Set<String> WITH_VALUE = Set.of("-f", "-k", "-n");

        private static final String REPLICAS = "--replicas";

        static Options of(List<String> words, String line) {
            List<Flag> flags = new ArrayList<>();
            List<String> arguments = new ArrayList<>();
            for (int i = 0; i < words.size(); i++) {
                String word = words.get(i);
                if (WITH_VALUE.contains(word) && i + 1 < words.size()) {
                    flags.add(new Flag(word, words.get(++i)));
                }
                else if (word.startsWith(REPLICAS + "=")) {
                    flags.add(new Flag(REPLICAS, word.substring(REPLICAS.length() + 1)));
                }
                else if (word.startsWith("-")) {
                    throw new IllegalArgumentException(
                            "the tutorial test does not know the option " + word + ": " + line);
                }
                else {
                    arguments.add(word);
                }
            }
            return new Options(flags, arguments);
        }

        List<String> values(String flag) {
            return flags.stream().filter(candidate -> candidate.name().equals(flag)).map(Flag::value).toList();
        }

        Optional<String> value(String flag) {
            return values(flag).stream().findFirst();
        }
    }

    record Flag(String name, String value) {
    }

}
