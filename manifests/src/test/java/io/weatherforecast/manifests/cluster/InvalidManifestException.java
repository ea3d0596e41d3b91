package io.weatherforecast.manifests.cluster;

import io.weatherforecast.manifests.schema.Problem;
import java.util.List;
import java.util.stream.Collectors;

public final class InvalidManifestException extends RuntimeException {

    private final List<Problem> problems;

    InvalidManifestException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = problems;
    }

    public List<Problem> problems() {
        return problems;
    }
}
