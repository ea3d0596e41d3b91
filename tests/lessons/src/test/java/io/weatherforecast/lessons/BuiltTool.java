package io.weatherforecast.lessons;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A tool that {@code scripts/cluster.sh build} keeps (actionlint, kustomize), run by the
 * tests. Without it the calling test is skipped with a message, except in CI (CI=true),
 * where it fails: .ci/run builds it first.
 */
record BuiltTool(Path binary) {

    static BuiltTool named(String name) {
        Result bin = run(List.of("scripts/cluster.sh", "bin", name), ProjectFiles.root(), null);
        if (bin.status() != 0) {
            String message = name + " is not built (" + bin.output().strip() + "): run scripts/cluster.sh build";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        return new BuiltTool(Path.of(bin.output().strip()));
    }

    /** The tool with these arguments, in the directory. */
    Result run(Path directory, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(this.binary.toString()));
        command.addAll(arguments);
        return run(command, directory, null);
    }

    /** A shell command line, in the directory, with the tool on the PATH. */
    Result shell(Path directory, String line) {
        return run(List.of("bash", "-c", line), directory, this.binary.getParent());
    }

    private static Result run(List<String> command, Path directory, Path onPath) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true);
            if (onPath != null) {
                builder.environment().merge("PATH", onPath.toString(), (path, tool) -> tool + ":" + path);
            }
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("no answer from " + command + " within 60 s");
            }
            return new Result(process.exitValue(), output);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** What a run of it printed, standard error included, and its exit status. */
    record Result(int status, String output) {
    }

}
